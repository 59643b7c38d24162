package io.chat.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusFields;
import io.chat.common.bus.ServiceClient;
import io.chat.common.config.ChatConfig;
import io.chat.common.config.ConfigKeys;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.social.SocialVerticle;
import io.chat.store.RedisStore;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The message service with the real social service, MySQL and Redis. The node's delivery
 * address is played by the test: it records what the route layer hands it and answers which
 * users it has sessions for, as a gateway does.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The message service")
class MessageVerticleTest {

  private static final String NODE = "test-node";
  private static final long NOTICE_TAKEN_MILLIS = 200;

  @RegisterExtension
  static TestStores stores = new TestStores();

  private ServiceClient client;
  private SqlClient sql;
  /** Users the test node says it has sessions for. */
  private final Set<Integer> present = new HashSet<>();
  private final List<JsonObject> delivered = new CopyOnWriteArrayList<>();
  private final List<Promise<JsonObject>> waiting = new ArrayList<>();
  private final List<Promise<JsonArray>> replayNotices = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private Redis redis;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext test) {
    client = new ServiceClient(vertx.eventBus(), 5000);
    sql = stores.sql(vertx);
    // A long request timeout: the wait for replay notices (an eighth of it) must outlast NOTICE_TAKEN_MILLIS.
    ChatConfig config = stores.config(ConfigKeys.PRESENCE_TTL, 1, ConfigKeys.NODE, "message-test",
        ConfigKeys.REQUEST_TIMEOUT, 20_000);
    this.vertx = vertx;
    redis = RedisStore.client(vertx, stores.config());
    vertx.eventBus().<JsonObject>consumer(Addresses.node(NODE), this::onDelivery);
    vertx.setPeriodic(200, tick -> client.send(Addresses.MESSAGE, Actions.Message.NODE_HEARTBEAT,
        new JsonObject().put(BusFields.NODE, NODE)));
    vertx.deployVerticle(new SocialVerticle(config))
        .compose(id -> vertx.deployVerticle(new MessageVerticle(config)))
        .onComplete(test.succeedingThenComplete());
  }

  private void onDelivery(Message<JsonObject> message) {
    if (Actions.Node.REPLAY_STORED.equals(message.headers().get(Addresses.ACTION_HEADER))) {
      // Takes the notice after a moment, as a node across the network does.
      vertx.setTimer(NOTICE_TAKEN_MILLIS, t -> {
        replayNotices.forEach(notice -> notice.tryComplete(message.body().getJsonArray(BusFields.USERS)));
        message.reply(new JsonObject());
      });
      return;
    }
    if (!Actions.Node.DELIVER.equals(message.headers().get(Addresses.ACTION_HEADER))) {
      return;
    }
    JsonArray missed = new JsonArray();
    for (Object user : message.body().getJsonArray(BusFields.USERS)) {
      if (!present.contains((Integer) user)) {
        missed.add(user);
      }
    }
    JsonObject delivery = new JsonObject()
        .put(BusFields.USERS, message.body().getJsonArray(BusFields.USERS))
        .put(BusFields.EVENT, new JsonObject(message.body().getString(BusFields.EVENT)))
        .put(BusFields.PRESENCE_OF, message.body().getInteger(BusFields.PRESENCE_OF))
        .put(BusFields.PRESENCE_VERSION, message.body().getLong(BusFields.PRESENCE_VERSION));
    delivered.add(delivery);
    List.copyOf(waiting).forEach(promise -> promise.tryComplete(delivery));
    waiting.clear();
    message.reply(new JsonObject().put(BusFields.USERS, missed));
  }

  /** The next delivery whose event has this type. */
  private Future<JsonObject> nextDelivery(Vertx vertx, String eventType) {
    Promise<JsonObject> found = Promise.promise();
    long timer = vertx.setTimer(5000, t -> found.tryFail("no " + eventType + " delivery; saw " + delivered));
    Runnable look = new Runnable() {
      @Override
      public void run() {
        for (JsonObject delivery : delivered) {
          if (eventType.equals(delivery.getJsonObject(BusFields.EVENT).getString("event"))) {
            delivered.remove(delivery);
            vertx.cancelTimer(timer);
            found.tryComplete(delivery);
            return;
          }
        }
        Promise<JsonObject> next = Promise.promise();
        waiting.add(next);
        next.future().onComplete(d -> run());
      }
    };
    look.run();
    return found.future();
  }

  private Future<JsonObject> user() {
    String name = "u" + UUID.randomUUID().toString().substring(0, 8);
    return sql.preparedQuery("INSERT INTO user (name, password) VALUES (?, 'x')").execute(Tuple.of(name))
        .map(rows -> new JsonObject().put("id", rows.property(MySQLClient.LAST_INSERTED_ID).intValue()).put("name", name));
  }

  private Future<JsonObject> request(String address, String action, JsonObject user, Object... fields) {
    JsonObject body = new JsonObject().put(BusFields.UID, user.getInteger("id")).put(BusFields.UNAME, user.getString("name"));
    for (int i = 0; i + 1 < fields.length; i += 2) {
      body.put((String) fields[i], fields[i + 1]);
    }
    return client.request(address, action, body);
  }

  private Future<JsonObject> message(String action, JsonObject user, Object... fields) {
    return request(Addresses.MESSAGE, action, user, fields);
  }

  private Future<JsonObject> befriend(JsonObject a, JsonObject b) {
    return request(Actions.Social.FRIEND_ADD.address(), Actions.Social.FRIEND_ADD.name(), a, "id", b.getInteger("id"));
  }

  /** Opens a session of the user on a node; the test node then holds the user's sessions. */
  private Future<JsonObject> open(JsonObject user, String node, JsonArray friends) {
    if (NODE.equals(node)) {
      present.add(user.getInteger("id"));
    }
    return message(Actions.Message.SESSION_OPEN, user, BusFields.NODE, node,
        BusFields.SESSION, node + "/" + UUID.randomUUID(), BusFields.USERS, friends);
  }

  private Future<String> state(JsonObject user) {
    return sql.preparedQuery("SELECT state FROM user WHERE id = ?").execute(Tuple.of(user.getInteger("id")))
        .map(rows -> rows.iterator().next().getString(0));
  }

  private Future<Boolean> online(JsonObject user) {
    return client.request(Addresses.MESSAGE, Actions.Message.PRESENCE.name(),
            new JsonObject().put(BusFields.USERS, new JsonArray().add(user.getInteger("id"))))
        .map(reply -> !reply.getJsonArray(BusFields.USERS).isEmpty());
  }

  /**
   * Registers a session of the user on a node straight in Redis, as another node's message
   * service does: this node's presence mirror has not heard of it.
   */
  private Future<Void> registerUnheard(int user, String node, String session) {
    return redis.send(Request.cmd(Command.HSET).arg(RedisStore.keys(stores.config()).key("presence", user))
        .arg(node + "/" + session).arg(node)).mapEmpty();
  }

  private static Future<ErrorCode> error(Future<?> request) {
    return request.transform(done -> done.succeeded()
        ? Future.failedFuture("expected an error, got " + done.result())
        : Future.succeededFuture(((ChatException) done.cause()).code()));
  }

  @Test
  @DisplayName("registers sessions: the first brings the user online, the last takes it offline")
  void sessions(VertxTestContext test) {
    user().compose(a -> {
      String first = NODE + "/1";
      String second = NODE + "/2";
      return message(Actions.Message.SESSION_OPEN, a, BusFields.NODE, NODE, BusFields.SESSION, first)
          .compose(v -> message(Actions.Message.SESSION_OPEN, a, BusFields.NODE, NODE, BusFields.SESSION, second))
          .compose(v -> Future.all(online(a), state(a)))
          .compose(opened -> {
            assertTrue(opened.<Boolean>resultAt(0));
            assertEquals("online", opened.resultAt(1));
            return message(Actions.Message.SESSION_CLOSE, a, BusFields.NODE, NODE, BusFields.SESSION, first);
          })
          .compose(v -> online(a))
          .compose(stillOnline -> {
            assertTrue(stillOnline, "one session is left");
            return message(Actions.Message.SESSION_CLOSE, a, BusFields.NODE, NODE, BusFields.SESSION, second);
          })
          .compose(v -> Future.all(online(a), state(a)));
    }).onComplete(test.succeeding(closed -> test.verify(() -> {
      assertFalse(closed.<Boolean>resultAt(0));
      assertEquals("offline", closed.resultAt(1));
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("ignores the open of a session that was closed before it came, so its user does not stay online")
  void lateOpen(VertxTestContext test) {
    user().compose(a -> {
      String late = NODE + "/late-" + UUID.randomUUID();
      return message(Actions.Message.SESSION_CLOSE, a, BusFields.NODE, NODE, BusFields.SESSION, late)
          .compose(v -> message(Actions.Message.SESSION_OPEN, a, BusFields.NODE, NODE, BusFields.SESSION, late))
          .compose(v -> Future.all(online(a), state(a)))
          .compose(afterLateOpen -> {
            assertFalse(afterLateOpen.<Boolean>resultAt(0), "the late session is not registered");
            assertEquals("offline", afterLateOpen.resultAt(1));
            return message(Actions.Message.SESSION_OPEN, a, BusFields.NODE, NODE,
                BusFields.SESSION, NODE + "/" + UUID.randomUUID());
          })
          .compose(v -> online(a));
    }).onComplete(test.succeeding(online -> test.verify(() -> {
      assertTrue(online, "another session of the user is registered as usual");
      test.completeNow();
    })));
  }

  /** Opens and closes a session of each user, all at once, and waits until the stragglers land. */
  private Future<Void> quickSessions(Vertx vertx, List<JsonObject> users) {
    List<Future<JsonObject>> sessions = new ArrayList<>();
    for (JsonObject user : users) {
      String session = NODE + "/quick-" + UUID.randomUUID();
      sessions.add(message(Actions.Message.SESSION_OPEN, user, BusFields.NODE, NODE, BusFields.SESSION, session));
      sessions.add(message(Actions.Message.SESSION_CLOSE, user, BusFields.NODE, NODE, BusFields.SESSION, session));
    }
    Promise<Void> settled = Promise.promise();
    // Time for an update still on its way to land where it would overwrite a later one.
    Future.all(sessions).onComplete(done -> vertx.setTimer(500, t -> settled.handle(done.mapEmpty())));
    return settled.future();
  }

  @Test
  @DisplayName("leaves user.state offline for users whose session opened and closed at once")
  void stateAfterQuickSessions(Vertx vertx, VertxTestContext test) {
    List<Future<JsonObject>> created = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      created.add(user());
    }
    Future.all(created).compose(users -> {
      // Twice: the first round also opens the pools' connections, which the second round spreads over.
      Future<Void> rounds = quickSessions(vertx, users.list()).compose(v -> quickSessions(vertx, users.list()));
      return rounds.compose(v -> Future.all(users.<JsonObject>list().stream().map(this::state).toList()));
    }).onComplete(test.succeeding(states -> test.verify(() -> {
      assertEquals(List.of(), states.<String>list().stream().filter("online"::equals).toList());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("tells online friends when a user's first session opens and its last one closes, in versions that grow")
  void presenceEvents(Vertx vertx, VertxTestContext test) {
    Future.all(user(), user()).compose(users -> {
      JsonObject a = users.resultAt(0);
      JsonObject b = users.resultAt(1);
      String session = NODE + "/a";
      return befriend(a, b)
          .compose(v -> open(b, NODE, new JsonArray().add(a.getInteger("id"))))
          .compose(v -> message(Actions.Message.SESSION_OPEN, a, BusFields.NODE, NODE, BusFields.SESSION, session,
              BusFields.USERS, new JsonArray().add(b.getInteger("id"))))
          .compose(openedA -> {
            assertEquals(new JsonArray().add(b.getInteger("id")), openedA.getJsonArray(BusFields.USERS));
            return nextDelivery(vertx, "presence");
          })
          .compose(cameOnline -> {
            assertEquals(new JsonArray().add(b.getInteger("id")), cameOnline.getJsonArray(BusFields.USERS));
            assertEquals(a, cameOnline.getJsonObject(BusFields.EVENT).getJsonObject("user"));
            assertTrue(cameOnline.getJsonObject(BusFields.EVENT).getBoolean("online"));
            assertEquals(a.getInteger("id"), cameOnline.getInteger(BusFields.PRESENCE_OF));
            return message(Actions.Message.SESSION_CLOSE, a, BusFields.NODE, NODE, BusFields.SESSION, session)
                .compose(v -> nextDelivery(vertx, "presence"))
                .map(wentOffline -> {
                  assertFalse(wentOffline.getJsonObject(BusFields.EVENT).getBoolean("online"));
                  assertEquals(a.getInteger("id"), wentOffline.getInteger(BusFields.PRESENCE_OF));
                  assertTrue(wentOffline.getLong(BusFields.PRESENCE_VERSION)
                      > cameOnline.getLong(BusFields.PRESENCE_VERSION), "versions grow");
                  return wentOffline;
                });
          });
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("delivers a message to an online friend's node with the msg_id and ts of the reply")
  void sendLive(Vertx vertx, VertxTestContext test) {
    Future.all(user(), user()).compose(users -> {
      JsonObject a = users.resultAt(0);
      JsonObject b = users.resultAt(1);
      return befriend(a, b)
          .compose(v -> open(b, NODE, new JsonArray()))
          .compose(v -> message(Actions.Message.SEND, a, "to", b.getInteger("id"), "text", "héllo 🎉"))
          .compose(reply -> nextDelivery(vertx, "message").map(delivery -> {
            JsonObject event = delivery.getJsonObject(BusFields.EVENT);
            assertEquals(reply.getString("msg_id"), event.getString("msg_id"));
            assertEquals(reply.getLong("ts"), event.getLong("ts"));
            assertEquals(a, event.getJsonObject("from"));
            assertEquals(b.getInteger("id"), event.getInteger("to"));
            assertEquals("héllo 🎉", event.getString("text"));
            assertFalse(event.containsKey("offline"));
            assertFalse(event.containsKey("group"));
            return event;
          }))
          .compose(v -> message(Actions.Message.SEND, a, "to", b.getString("name"), "text", "by name"))
          .compose(v -> nextDelivery(vertx, "message"));
    }).onComplete(test.succeeding(byName -> test.verify(() -> {
      assertEquals("by name", byName.getJsonObject(BusFields.EVENT).getString("text"));
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("stores a message for an offline friend, counts it at the next session, pages it and removes exactly the ones written")
  void offlineStore(VertxTestContext test) {
    Future.all(user(), user()).compose(users -> {
      JsonObject a = users.resultAt(0);
      JsonObject b = users.resultAt(1);
      int bid = b.getInteger("id");
      Future<Void> sends = befriend(a, b).mapEmpty();
      for (int i = 0; i < 5; i++) {
        String text = "stored " + i;
        sends = sends.compose(v -> message(Actions.Message.SEND, a, "to", bid, "text", text).mapEmpty());
      }
      return sends
          .compose(v -> open(b, NODE, new JsonArray()))
          .compose(opened -> {
            assertEquals(5L, opened.getLong("offline"));
            return message(Actions.Message.OFFLINE_FETCH, b, "after", 0L, "upTo", opened.getLong("upTo"), "limit", 3)
                .map(page -> List.of(opened, page));
          })
          .compose(r -> {
            JsonArray page = r.get(1).getJsonArray("messages");
            assertEquals(3, page.size());
            JsonObject first = new JsonObject(page.getJsonObject(0).getString(BusFields.EVENT));
            assertEquals("stored 0", first.getString("text"));
            assertTrue(first.getBoolean("offline"));
            // The first and third of the page were written: the second stays stored.
            JsonArray written = new JsonArray().add(page.getJsonObject(0).getLong("id"))
                .add(page.getJsonObject(2).getLong("id"));
            return message(Actions.Message.OFFLINE_ACK, b, BusFields.IDS, written)
                .compose(v -> message(Actions.Message.OFFLINE_FETCH, b, "after", 0L, "upTo", r.get(0).getLong("upTo"), "limit", 10));
          });
    }).onComplete(test.succeeding(rest -> test.verify(() -> {
      List<String> left = new ArrayList<>();
      for (Object stored : rest.getJsonArray("messages")) {
        left.add(new JsonObject(((JsonObject) stored).getString(BusFields.EVENT)).getString("text"));
      }
      assertEquals(List.of("stored 1", "stored 3", "stored 4"), left);
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("stores a message whose recipient's node has no session for it any more, or does not answer")
  void storesWhatNodesMiss(VertxTestContext test) {
    Future.all(user(), user(), user()).compose(users -> {
      JsonObject a = users.resultAt(0);
      JsonObject gone = users.resultAt(1);
      JsonObject deadNode = users.resultAt(2);
      return befriend(a, gone).compose(v -> befriend(a, deadNode))
          .compose(v -> open(gone, NODE, new JsonArray()))
          .compose(v -> {
            present.remove(gone.getInteger("id"));
            return open(deadNode, "no-such-node", new JsonArray());
          })
          .compose(v -> message(Actions.Message.SEND, a, "to", gone.getInteger("id"), "text", "missed"))
          .compose(v -> message(Actions.Message.SEND, a, "to", deadNode.getInteger("id"), "text", "lost node"))
          .compose(v -> Future.all(
              sql.preparedQuery("SELECT COUNT(*) FROM offlinemessage WHERE userid = ?").execute(Tuple.of(gone.getInteger("id"))),
              sql.preparedQuery("SELECT COUNT(*) FROM offlinemessage WHERE userid = ?").execute(Tuple.of(deadNode.getInteger("id")))));
    }).onComplete(test.succeeding(counts -> test.verify(() -> {
      assertEquals(1L, counts.<RowSet<Row>>resultAt(0).iterator().next().getLong(0));
      assertEquals(1L, counts.<RowSet<Row>>resultAt(1).iterator().next().getLong(0));
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("has a node that holds a session the mirror missed take a notice to replay a message stored for it, before the sender hears ok")
  void noticeBeforeOk(VertxTestContext test) {
    Promise<JsonArray> notice = Promise.promise();
    Future.all(user(), user()).compose(users -> {
      JsonObject a = users.resultAt(0);
      JsonObject b = users.resultAt(1);
      int bob = b.getInteger("id");
      // Bob has just logged in on the test node, and this node's mirror has not heard of it yet.
      return befriend(a, b)
          .compose(v -> registerUnheard(bob, NODE, "just-opened"))
          .compose(v -> {
            replayNotices.add(notice);
            return message(Actions.Message.SEND, a, "to", bob, "text", "stored");
          })
          .map(ok -> {
            assertTrue(notice.future().isComplete(), "the node took the replay notice before the sender's ok");
            return notice.future().result().contains(bob);
          });
    }).onComplete(test.succeeding(told -> test.verify(() -> {
      assertTrue(told, "the notice names the user");
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("answers the sender after a bounded wait when the node told to replay never takes the notice")
  void silentNodeDoesNotHoldTheSender(Vertx vertx, VertxTestContext test) {
    String silent = "silent-node";
    vertx.eventBus().consumer(Addresses.node(silent), message -> {
      // Hangs: takes nothing and answers nothing.
    });
    Future.all(user(), user()).compose(users -> {
      JsonObject a = users.resultAt(0);
      JsonObject b = users.resultAt(1);
      int bob = b.getInteger("id");
      return befriend(a, b)
          .compose(v -> registerUnheard(bob, silent, "just-opened"))
          // Within the test's 5 s request timeout: the wait is an eighth of the service's 20 s.
          .compose(v -> message(Actions.Message.SEND, a, "to", bob, "text", "kept"))
          .compose(ok -> sql.preparedQuery("SELECT COUNT(*) FROM offlinemessage WHERE userid = ?").execute(Tuple.of(bob)));
    }).onComplete(test.succeeding(count -> test.verify(() -> {
      assertEquals(1L, count.iterator().next().getLong(0), "the message is stored");
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("answers send errors: not_friends, no_such_user, invalid_text")
  void sendErrors(VertxTestContext test) {
    Future.all(user(), user(), user()).compose(users -> {
      JsonObject a = users.resultAt(0);
      JsonObject friend = users.resultAt(1);
      JsonObject stranger = users.resultAt(2);
      return befriend(a, friend).compose(v -> Future.all(List.of(
          error(message(Actions.Message.SEND, a, "to", stranger.getInteger("id"), "text", "hi")),
          error(message(Actions.Message.SEND, a, "to", stranger.getString("name"), "text", "hi")),
          error(message(Actions.Message.SEND, a, "to", a.getInteger("id"), "text", "me")),
          error(message(Actions.Message.SEND, a, "to", 987_654_321, "text", "hi")),
          error(message(Actions.Message.SEND, a, "to", "nobody-" + UUID.randomUUID(), "text", "hi")),
          error(message(Actions.Message.SEND, a, "to", friend.getInteger("id"), "text", "")),
          error(message(Actions.Message.SEND, a, "to", friend.getInteger("id"), "text", "x".repeat(4001))))));
    }).onComplete(test.succeeding(all -> test.verify(() -> {
      assertEquals(List.of(ErrorCode.NOT_FRIENDS, ErrorCode.NOT_FRIENDS, ErrorCode.NOT_FRIENDS, ErrorCode.NO_SUCH_USER,
          ErrorCode.NO_SUCH_USER, ErrorCode.INVALID_TEXT, ErrorCode.INVALID_TEXT), all.list());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("fans a group message out to the other members: live to online ones, stored for the rest")
  void groupSend(Vertx vertx, VertxTestContext test) {
    String name = "g" + UUID.randomUUID().toString().substring(0, 8);
    Future.all(user(), user(), user()).compose(users -> {
      JsonObject sender = users.resultAt(0);
      JsonObject online = users.resultAt(1);
      JsonObject offline = users.resultAt(2);
      return request(Actions.Social.GROUP_CREATE.address(), Actions.Social.GROUP_CREATE.name(), sender, "name", name)
          .compose(v -> request(Actions.Social.GROUP_JOIN.address(), Actions.Social.GROUP_JOIN.name(), online, "group", name))
          .compose(v -> request(Actions.Social.GROUP_JOIN.address(), Actions.Social.GROUP_JOIN.name(), offline, "group", name))
          .compose(v -> open(online, NODE, new JsonArray()))
          .compose(v -> open(sender, NODE, new JsonArray()))
          .compose(v -> message(Actions.Message.GROUP_SEND, sender, "group", name, "text", "to the group"))
          .compose(reply -> nextDelivery(vertx, "message").map(delivery -> {
            assertEquals(new JsonArray().add(online.getInteger("id")), delivery.getJsonArray(BusFields.USERS));
            JsonObject event = delivery.getJsonObject(BusFields.EVENT);
            assertEquals(reply.getString("msg_id"), event.getString("msg_id"));
            assertEquals(name, event.getJsonObject("group").getString("name"));
            assertFalse(event.containsKey("to"));
            return delivery;
          }))
          .compose(v -> sql.preparedQuery("SELECT message FROM offlinemessage WHERE userid = ?")
              .execute(Tuple.of(offline.getInteger("id"))));
    }).onComplete(test.succeeding(stored -> test.verify(() -> {
      assertEquals(1, stored.size());
      JsonObject event = new JsonObject(stored.iterator().next().getString(0));
      assertEquals("to the group", event.getString("text"));
      assertTrue(event.getBoolean("offline"));
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("answers group_send errors: not_member, no_such_group, invalid_text")
  void groupSendErrors(VertxTestContext test) {
    String name = "g" + UUID.randomUUID().toString().substring(0, 8);
    Future.all(user(), user()).compose(users -> {
      JsonObject member = users.resultAt(0);
      JsonObject outsider = users.resultAt(1);
      return request(Actions.Social.GROUP_CREATE.address(), Actions.Social.GROUP_CREATE.name(), member, "name", name).compose(v -> Future.all(List.of(
          error(message(Actions.Message.GROUP_SEND, outsider, "group", name, "text", "hi")),
          error(message(Actions.Message.GROUP_SEND, member, "group", "nope-" + UUID.randomUUID(), "text", "hi")),
          error(message(Actions.Message.GROUP_SEND, member, "group", 987_654_321, "text", "hi")),
          error(message(Actions.Message.GROUP_SEND, member, "group", name, "text", "")))));
    }).onComplete(test.succeeding(all -> test.verify(() -> {
      assertEquals(List.of(ErrorCode.NOT_MEMBER, ErrorCode.NO_SUCH_GROUP, ErrorCode.NO_SUCH_GROUP, ErrorCode.INVALID_TEXT),
          all.list());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("gives every message a distinct id")
  void distinctIds(VertxTestContext test) {
    Future.all(user(), user()).compose(users -> {
      JsonObject a = users.resultAt(0);
      JsonObject b = users.resultAt(1);
      return befriend(a, b).compose(v -> {
        List<Future<JsonObject>> sends = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          sends.add(message(Actions.Message.SEND, a, "to", b.getInteger("id"), "text", "n" + i));
        }
        return Future.all(sends).map(all -> all.<JsonObject>list());
      });
    }).onComplete(test.succeeding(replies -> test.verify(() -> {
      Set<String> ids = new HashSet<>();
      replies.forEach(reply -> ids.add(reply.getString("msg_id")));
      assertEquals(200, ids.size());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("expires the sessions of a node that stops without closing them, telling friends and MySQL")
  void nodeExpiry(Vertx vertx, VertxTestContext test) {
    Future.all(user(), user()).compose(users -> {
      JsonObject ghost = users.resultAt(0);
      JsonObject friend = users.resultAt(1);
      return befriend(ghost, friend)
          .compose(v -> open(friend, NODE, new JsonArray()))
          .compose(v -> open(ghost, "ghost-node", new JsonArray()))
          .compose(v -> Future.all(online(ghost), state(ghost)))
          .compose(before -> {
            assertTrue(before.<Boolean>resultAt(0));
            assertEquals("online", before.resultAt(1));
            delivered.clear();
            // The ghost node never sends a heartbeat: its entries expire after the 1 s TTL.
            return nextDelivery(vertx, "presence");
          })
          .compose(event -> {
            assertEquals(ghost.getInteger("id"), event.getJsonObject(BusFields.EVENT).getJsonObject("user").getInteger("id"));
            assertFalse(event.getJsonObject(BusFields.EVENT).getBoolean("online"));
            return Future.all(online(ghost), state(ghost), online(friend));
          });
    }).onComplete(test.succeeding(after -> test.verify(() -> {
      assertFalse(after.<Boolean>resultAt(0));
      assertEquals("offline", after.resultAt(1));
      assertTrue(after.<Boolean>resultAt(2), "a node that sends heartbeats keeps its sessions");
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("stops routing to an expired node the users who are still online on another node")
  void expiredNodeOfUserOnlineElsewhere(Vertx vertx, VertxTestContext test) {
    String ghostNode = "ghost-" + UUID.randomUUID();
    List<JsonObject> toGhost = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.node(ghostNode), delivery -> {
      toGhost.add(delivery.body());
      delivery.reply(new JsonObject().put(BusFields.USERS, delivery.body().getJsonArray(BusFields.USERS)));
    });
    Future.all(user(), user()).compose(users -> {
      JsonObject both = users.resultAt(0);
      JsonObject sender = users.resultAt(1);
      return befriend(both, sender)
          .compose(v -> open(both, NODE, new JsonArray()))
          .compose(v -> open(both, ghostNode, new JsonArray()))
          .compose(v -> {
            Promise<Void> expired = Promise.promise();
            // The ghost node never sends a heartbeat: its entries expire after the 1 s TTL and
            // are reaped within half a TTL more.
            vertx.setTimer(2_500, t -> expired.complete());
            return expired.future();
          })
          .compose(v -> {
            delivered.clear();
            return message(Actions.Message.SEND, sender, "to", both.getInteger("id"), "text", "after the reap");
          })
          .compose(v -> Future.all(nextDelivery(vertx, "message"), online(both)));
    }).onComplete(test.succeeding(after -> test.verify(() -> {
      assertEquals("after the reap", after.<JsonObject>resultAt(0).getJsonObject(BusFields.EVENT).getString("text"));
      assertTrue(after.<Boolean>resultAt(1), "the session on the live node remains");
      assertEquals(List.of(), toGhost, "nothing goes to the expired node");
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("registers a node's sessions again after its heartbeat lapsed, and has what was stored meanwhile replayed")
  void restoreReplaysStored(Vertx vertx, VertxTestContext test) {
    Promise<JsonArray> notice = Promise.promise();
    Future.all(user(), user()).compose(users -> {
      JsonObject a = users.resultAt(0);
      JsonObject b = users.resultAt(1);
      return befriend(a, b)
          .compose(v -> message(Actions.Message.SEND, a, "to", b.getInteger("id"), "text", "while taken for offline"))
          .compose(stored -> {
            replayNotices.add(notice);
            JsonObject session = new JsonObject().put(BusFields.UID, b.getInteger("id"))
                .put(BusFields.UNAME, b.getString("name")).put(BusFields.SESSION, NODE + "/restored");
            return client.request(Addresses.MESSAGE, Actions.Message.SESSIONS_RESTORE, new JsonObject()
                .put(BusFields.NODE, NODE).put(BusFields.SESSIONS, new JsonArray().add(session)));
          })
          .compose(restored -> notice.future())
          .map(told -> told.contains(b.getInteger("id")));
    }).onComplete(test.succeeding(told -> test.verify(() -> {
      assertTrue(told, "the node is told to replay the user's stored messages");
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("reads the presence registry again when a node joins the cluster, so sessions it missed are routed to")
  void reloadsOnNodeJoined(Vertx vertx, VertxTestContext test) {
    Future.all(user(), user()).compose(users -> {
      JsonObject a = users.resultAt(0);
      JsonObject b = users.resultAt(1);
      int bob = b.getInteger("id");
      present.add(bob);
      // A session registered while this node heard nothing of it (as across a cluster split).
      return befriend(a, b)
          .compose(v -> registerUnheard(bob, NODE, "unheard"))
          .compose(v -> online(b))
          .compose(before -> {
            assertFalse(before, "the mirror had not heard of the session");
            vertx.eventBus().publish(Addresses.NODE_JOINED, new JsonObject().put(BusFields.NODE, "other"),
                new DeliveryOptions().setLocalOnly(true));
            return eventuallyOnline(vertx, b, 50);
          })
          .compose(v -> message(Actions.Message.SEND, a, "to", bob, "text", "routed"))
          .compose(v -> nextDelivery(vertx, "message"));
    }).onComplete(test.succeeding(delivery -> test.verify(() -> {
      assertEquals("routed", delivery.getJsonObject(BusFields.EVENT).getString("text"));
      test.completeNow();
    })));
  }

  /** Completes once the message service counts the user online; fails after that many tries. */
  private Future<Void> eventuallyOnline(Vertx vertx, JsonObject user, int tries) {
    return online(user).compose(online -> {
      if (online) {
        return Future.succeededFuture();
      }
      if (tries == 0) {
        return Future.failedFuture("the user never came online in the mirror");
      }
      return vertx.timer(50).compose(t -> eventuallyOnline(vertx, user, tries - 1));
    });
  }
}
