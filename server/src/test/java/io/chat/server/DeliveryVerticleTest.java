package io.chat.server;

import static io.chat.server.Cluster.await;
import static io.chat.server.NodeHarness.newUser;
import static io.chat.server.NodeHarness.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusFields;
import io.chat.server.NodeHarness.User;
import io.chat.testkit.LineClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The node's delivery address, addressed the way the route layer does, with real sessions
 * logged in over TCP behind it and the real message service storing what it hands back.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The delivery verticle")
class DeliveryVerticleTest {

  @RegisterExtension
  static RunningNode node = new RunningNode();

  private static JsonObject message(String id, String text) {
    return new JsonObject().put("event", "message").put("msg_id", id)
        .put("from", new JsonObject().put("id", 0).put("name", "route")).put("text", text)
        .put("ts", System.currentTimeMillis());
  }

  /** A delivery of one event for these users, as the route layer sends it to this node. */
  private static JsonObject delivery(JsonObject event, boolean store, int... users) {
    JsonArray ids = new JsonArray();
    for (int user : users) {
      ids.add(user);
    }
    return new JsonObject().put(BusFields.USERS, ids).put(BusFields.EVENT, event.encode())
        .put(BusFields.STORE, store).put(BusFields.SENT, event.getLong("ts"));
  }

  private static Future<JsonObject> ask(String action, JsonObject body) {
    return node.get().vertx().eventBus().<JsonObject>request(Addresses.node(node.get().nodeId()), body,
            new DeliveryOptions().addHeader(Addresses.ACTION_HEADER, action).setSendTimeout(5_000))
        .map(reply -> reply.body());
  }

  /** The texts of the next count message events of one connection. */
  private static Future<List<String>> texts(LineClient client, int count) {
    Future<List<String>> all = Future.succeededFuture(new ArrayList<>());
    for (int i = 0; i < count; i++) {
      all = all.compose(list -> client.nextEvent("message").map(event -> {
        list.add(event.getString("text"));
        return list;
      }));
    }
    return all;
  }

  @Test
  @DisplayName("writes each event to every session of the users it names, in the order given")
  void everySessionInOrder(Vertx vertx, VertxTestContext test) {
    List<String> sent = List.of("one", "two", "three", "four", "five");
    newUser(vertx, node.get(), "d").compose(alice -> session(vertx, node.get(), alice).compose(aliceAgain ->
        newUser(vertx, node.get(), "d").compose(bob -> {
          Future<JsonObject> handed = Future.succeededFuture();
          for (String text : sent) {
            handed = handed.compose(v -> ask(Actions.Node.DELIVER,
                delivery(message("d-" + text, text), false, alice.id(), bob.id())));
          }
          return handed.compose(v -> Future.all(texts(alice.client(), 5), texts(aliceAgain.client(), 5),
              texts(bob.client(), 5)));
        })))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          for (int i = 0; i < 3; i++) {
            assertEquals(sent, all.resultAt(i));
          }
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("writes the events of a batch to every session of the users they name, in the batch's order")
  void batchInOrder(Vertx vertx, VertxTestContext test) {
    List<String> sent = IntStream.range(0, 40).mapToObj(i -> "batched " + i).toList();
    newUser(vertx, node.get(), "d").compose(alice -> session(vertx, node.get(), alice).compose(aliceAgain ->
        newUser(vertx, node.get(), "d").compose(bob -> {
          JsonArray batch = new JsonArray();
          for (int i = 0; i < sent.size(); i++) {
            // Alternately for both users and for alice alone, as a batch from the route layer mixes them.
            int[] users = i % 2 == 0 ? new int[] {alice.id(), bob.id()} : new int[] {alice.id()};
            batch.add(delivery(message("b-" + i, sent.get(i)), false, users));
          }
          return ask(Actions.Node.DELIVER_BATCH, new JsonObject().put(BusFields.DELIVERIES, batch))
              .compose(v -> Future.all(texts(alice.client(), sent.size()), texts(aliceAgain.client(), sent.size()),
                  texts(bob.client(), sent.size() / 2)));
        })))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          assertEquals(sent, all.resultAt(0));
          assertEquals(sent, all.resultAt(1));
          assertEquals(IntStream.range(0, sent.size()).filter(i -> i % 2 == 0).mapToObj(sent::get).toList(),
              all.resultAt(2));
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("hands a message for a user with no session here back to be stored, and the next login gets it")
  void handsBackMissed(Vertx vertx, VertxTestContext test) {
    newUser(vertx, node.get(), "d").compose(carol -> carol.client().request("logout")
            .compose(out -> ask(Actions.Node.DELIVER, delivery(message("d-away", "while you were away"), true,
                carol.id())))
            .compose(handed -> session(vertx, node.get(), carol)))
        .compose(again -> again.client().nextEvent("message").map(event -> {
          assertEquals(1, again.login().getInteger("offline"), again.login().encode());
          return event;
        }))
        .onComplete(test.succeeding(event -> test.verify(() -> {
          assertEquals("while you were away", event.getString("text"));
          assertTrue(event.getBoolean("offline", false), event.encode());
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("answers a confirmed delivery with the users none of whose sessions took the event")
  void confirmedDelivery(Vertx vertx, VertxTestContext test) {
    newUser(vertx, node.get(), "d").compose(online -> newUser(vertx, node.get(), "d").compose(gone ->
            gone.client().request("logout").compose(out -> ask(Actions.Node.DELIVER,
                delivery(message("d-confirm", "confirmed"), false, online.id(), gone.id()).put(BusFields.CONFIRM, true)))
                .compose(reply -> online.client().nextEvent("message").map(event -> List.of(reply, event, gone)))))
        .onComplete(test.succeeding(result -> test.verify(() -> {
          JsonObject reply = (JsonObject) result.get(0);
          JsonObject event = (JsonObject) result.get(1);
          User gone = (User) result.get(2);
          assertEquals(new JsonArray().add(gone.id()), reply.getJsonArray(BusFields.USERS));
          assertEquals("confirmed", event.getString("text"));
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("replays messages stored after a session's login when told they were stored")
  void replaysLateStored(Vertx vertx, VertxTestContext test) {
    JsonObject stored = message("d-late", "stored after your login").put("offline", true);
    newUser(vertx, node.get(), "d").compose(dave -> node.stores().sql(vertx)
            .preparedQuery("INSERT INTO offlinemessage (userid, message) VALUES (?, ?)")
            .execute(Tuple.of(dave.id(), stored.encode()))
            .compose(inserted -> ask(Actions.Node.REPLAY_STORED,
                new JsonObject().put(BusFields.USERS, new JsonArray().add(dave.id()))))
            .compose(told -> dave.client().nextEvent("message")))
        .onComplete(test.succeeding(event -> test.verify(() -> {
          assertEquals(stored.getString("text"), event.getString("text"));
          assertTrue(event.getBoolean("offline", false), event.encode());
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("holds live events while messages stored after a login are replayed, so none overtakes them")
  void liveEventsWaitForLateReplay(Vertx vertx, VertxTestContext test) {
    int storedCount = 50;
    List<Tuple> rows = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    newUser(vertx, node.get(), "d").compose(frank -> {
          for (int i = 0; i < storedCount; i++) {
            expected.add("stored " + i);
            rows.add(Tuple.of(frank.id(), message("d-s" + i, "stored " + i).put("offline", true).encode()));
          }
          expected.add("live");
          return node.stores().sql(vertx)
              .preparedQuery("INSERT INTO offlinemessage (userid, message) VALUES (?, ?)")
              .executeBatch(rows)
              .compose(inserted -> ask(Actions.Node.REPLAY_STORED,
                  new JsonObject().put(BusFields.USERS, new JsonArray().add(frank.id()))))
              .compose(told -> ask(Actions.Node.DELIVER, delivery(message("d-live", "live"), true, frank.id())))
              .compose(handed -> texts(frank.client(), storedCount + 1));
        })
        .onComplete(test.succeeding(texts -> test.verify(() -> {
          assertEquals(storedCount, texts.indexOf("live"), "where the live event came");
          assertEquals(expected, texts);
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("answers a confirmed delivery held behind a login's replay as missed when the connection closes first")
  void heldConfirmedDeliveryMissedOnClose(Vertx vertx) throws Exception {
    User grace = await(newUser(vertx, node.get(), "d"));
    await(grace.client().request("logout"));
    // More stored bytes than the socket buffers hold: the replay stalls on a client that does not read.
    String text = "z".repeat(4000);
    List<Tuple> rows = IntStream.range(0, 1500)
        .mapToObj(i -> Tuple.of(grace.id(), message("d-big" + i, text).put("offline", true).encode()))
        .collect(Collectors.toList());
    await(node.stores().sql(vertx).preparedQuery("INSERT INTO offlinemessage (userid, message) VALUES (?, ?)")
        .executeBatch(rows));

    SlowClient stalled = new SlowClient(node.get().port());
    JsonObject login = stalled.login(grace.name(), NodeHarness.password(grace.name()));
    assertEquals(1500, login.getInteger("offline"), login.encode());
    Future<JsonObject> answer = ask(Actions.Node.DELIVER,
        delivery(message("d-held", "held"), false, grace.id()).put(BusFields.CONFIRM, true));
    // Answered in order after the delivery: the delivery address has handed the event over.
    await(ask(Actions.Node.REPLAY_STORED, new JsonObject().put(BusFields.USERS, new JsonArray())));
    stalled.close();

    assertEquals(new JsonArray().add(grace.id()), await(answer).getJsonArray(BusFields.USERS));
  }

  @Test
  @DisplayName("writes nothing of a late replay after its session logged out, and removes nothing it did not write")
  void lateReplayStopsAtLogout(Vertx vertx) throws Exception {
    User henry = await(newUser(vertx, node.get(), "d"));
    User iris = await(newUser(vertx, node.get(), "d"));
    await(iris.client().request("logout"));
    List<Tuple> rows = IntStream.range(0, 20)
        .mapToObj(i -> Tuple.of(henry.id(), message("d-h" + i, "for henry " + i).put("offline", true).encode()))
        .collect(Collectors.toList());
    await(node.stores().sql(vertx).preparedQuery("INSERT INTO offlinemessage (userid, message) VALUES (?, ?)")
        .executeBatch(rows));

    // The replay's read waits on the table lock while henry logs out.
    SqlConnection lock = await(node.stores().connection(vertx));
    try {
      await(lock.query("LOCK TABLES offlinemessage WRITE").execute());
      await(ask(Actions.Node.REPLAY_STORED, new JsonObject().put(BusFields.USERS, new JsonArray().add(henry.id()))));
      assertTrue(await(henry.client().request("logout")).getBoolean("ok"));
      await(lock.query("UNLOCK TABLES").execute());
    } finally {
      lock.close();
    }
    JsonObject asIris = await(henry.client().request("login", "name", iris.name(),
        "password", NodeHarness.password(iris.name())));
    assertTrue(asIris.getBoolean("ok"), asIris.encode());
    assertTrue(await(henry.client().request("ping")).getBoolean("ok"));

    assertTrue(henry.client().pendingEvents().stream().noneMatch(event -> "message".equals(event.getString("event"))),
        "the connection, now iris's, got henry's messages: " + henry.client().pendingEvents());
    User henryAgain = await(NodeHarness.session(vertx, node.get(), henry));
    assertEquals(20, henryAgain.login().getInteger("offline"), henryAgain.login().encode());
  }

  @Test
  @DisplayName("drops a presence event older than one it already wrote for the same user")
  void newestPresenceWins(Vertx vertx, VertxTestContext test) {
    newUser(vertx, node.get(), "d").compose(alice -> {
      int subject = alice.id() + 1_000_000;
      JsonObject user = new JsonObject().put("id", subject).put("name", "far");
      // The login on one node (version 20) overtook the last logout on another (10); then a logout (30).
      Future<JsonObject> handed = ask(Actions.Node.DELIVER, presence(user, true, 20, alice.id()))
          .compose(v -> ask(Actions.Node.DELIVER, presence(user, false, 10, alice.id())))
          .compose(v -> ask(Actions.Node.DELIVER, presence(user, false, 30, alice.id())))
          .compose(v -> ask(Actions.Node.DELIVER, delivery(message("fence", "fence"), false, alice.id())));
      return handed.compose(v -> alice.client().nextEvent("message"))
          .map(fence -> alice.client().pendingEvents().stream()
              .filter(event -> "presence".equals(event.getString("event")))
              .map(event -> event.getBoolean("online"))
              .toList());
    }).onComplete(test.succeeding(onlineFlags -> test.verify(() -> {
      assertEquals(List.of(true, false), onlineFlags);
      test.completeNow();
    })));
  }

  private static JsonObject presence(JsonObject user, boolean online, long version, int recipient) {
    JsonObject event = new JsonObject().put("event", "presence").put("user", user).put("online", online);
    return delivery(event, false, recipient).put(BusFields.PRESENCE_OF, user.getInteger("id"))
        .put(BusFields.PRESENCE_VERSION, version);
  }
}
