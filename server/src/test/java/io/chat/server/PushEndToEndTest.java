package io.chat.server;

import static io.chat.server.Cluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ConfigKeys;
import io.chat.server.NodeHarness.User;
import io.chat.testkit.LineClient;
import io.chat.testkit.TestPorts;
import io.chat.testkit.WebhookStandIn;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Push over TCP, through a node whose push service posts to a webhook receiver of the test's:
 * devices registered with the push ops, a notification for each message stored for a user who
 * is offline and none for one who is online, and a receiver that never answers holding up no
 * sender.
 */
@DisplayName("A node, for push notifications")
class PushEndToEndTest {

  private static final String SECRET = "e2e-secret";
  private static final int WEBHOOK_PORT = TestPorts.free();
  /** The receiver never answers for tokens that start with this. */
  private static final String HANGS = "hang-";
  private static final long REQUEST_TIMEOUT_MILLIS = 4000;

  @RegisterExtension
  static RunningNode node = new RunningNode(
      ConfigKeys.PUSH_WEBHOOK_URL, "http://127.0.0.1:" + WEBHOOK_PORT + WebhookStandIn.PATH,
      ConfigKeys.PUSH_WEBHOOK_SECRET, SECRET,
      ConfigKeys.REQUEST_TIMEOUT, REQUEST_TIMEOUT_MILLIS,
      // Long enough that a hung push is still hung when the test ends.
      ConfigKeys.PUSH_TIMEOUT, 60_000);

  private static Vertx vertx;
  private static WebhookStandIn webhook;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    webhook = await(WebhookStandIn.start(vertx, WEBHOOK_PORT, SECRET));
    webhook.answer(body -> body.getString("token").startsWith(HANGS) ? WebhookStandIn.NO_ANSWER : 200);
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  private static User user(String prefix) throws Exception {
    return await(NodeHarness.newUser(vertx, node.get(), prefix));
  }

  /** The user logged in again, on a new connection. */
  private static User again(User user) throws Exception {
    return await(NodeHarness.session(vertx, node.get(), user));
  }

  private static JsonObject ok(JsonObject reply) {
    assertTrue(reply.getBoolean("ok"), reply.encode());
    return reply;
  }

  private static String error(JsonObject reply) {
    assertFalse(reply.getBoolean("ok"), reply.encode());
    return reply.getString("error");
  }

  /** Closes the user's only connection and waits until a friend hears that they went offline. */
  private static void goOffline(User user, User friend) throws Exception {
    await(user.client().close());
    JsonObject presence = await(friend.client().nextEvent(event -> "presence".equals(event.getString("event"))
        && event.getJsonObject("user").getInteger("id") == user.id()));
    assertFalse(presence.getBoolean("online"));
  }

  @Test
  @DisplayName("notifies each device of an offline user of a direct and a group message, an online user of nothing, and the messages still arrive at login")
  void notifiesOffline() throws Exception {
    User alice = user("alice");
    User bob = user("bob");
    User carol = user("carol");
    await(NodeHarness.befriend(alice, bob));
    String group = NodeHarness.unique("crew");
    JsonObject created = ok(await(alice.client().request("group_create", "name", group)));
    int groupId = created.getJsonObject("group").getInteger("id");
    ok(await(bob.client().request("group_join", "group", groupId)));
    ok(await(carol.client().request("group_join", "group", groupId)));
    String bobToken = NodeHarness.unique("bob-phone-");
    String carolToken = NodeHarness.unique("carol-phone-");
    ok(await(bob.client().request("push_register", "provider", "webhook", "token", bobToken)));
    ok(await(bob.client().request("push_register", "provider", "webhook", "token", bobToken)));
    ok(await(carol.client().request("push_register", "provider", "webhook", "token", carolToken)));
    assertEquals(new JsonArray().add(new JsonObject().put("provider", "webhook").put("token", bobToken)),
        ok(await(bob.client().request("push_devices"))).getJsonArray("devices"));

    JsonObject whileOnline = ok(await(alice.client().request("send", "to", bob.id(), "text", "you are here")));
    assertEquals("you are here", await(bob.client().nextEvent("message")).getString("text"));
    goOffline(bob, alice);
    JsonObject direct = ok(await(alice.client().request("send", "to", bob.id(), "text", "are you there?")));
    JsonObject inGroup = ok(await(alice.client().request("group_send", "group", groupId, "text", "meeting at 5")));
    assertEquals("meeting at 5", await(carol.client().nextEvent("message")).getString("text"));

    await(webhook.await(body -> bobToken.equals(body.getString("token")), 2));
    Map<String, JsonObject> pushed = webhook.received().stream().filter(body -> bobToken.equals(body.getString("token")))
        .collect(Collectors.toMap(body -> body.getString("msg_id"), body -> body));
    JsonObject bobRef = new JsonObject().put("id", bob.id()).put("name", bob.name());
    JsonObject aliceRef = new JsonObject().put("id", alice.id()).put("name", alice.name());
    assertEquals(Map.of(
        direct.getString("msg_id"), new JsonObject().put("user", bobRef).put("token", bobToken)
            .put("conv", direct.getString("conv")).put("seq", direct.getLong("seq"))
            .put("msg_id", direct.getString("msg_id")).put("from", aliceRef)
            .put("text", "are you there?").put("ts", direct.getLong("ts")),
        inGroup.getString("msg_id"), new JsonObject().put("user", bobRef).put("token", bobToken)
            .put("conv", inGroup.getString("conv")).put("seq", inGroup.getLong("seq"))
            .put("msg_id", inGroup.getString("msg_id")).put("from", aliceRef)
            .put("group", new JsonObject().put("id", groupId).put("name", group))
            .put("text", "meeting at 5").put("ts", inGroup.getLong("ts"))),
        pushed, "exactly one notification of each message bob was offline for");
    assertTrue(webhook.received().stream().noneMatch(body -> carolToken.equals(body.getString("token"))),
        "carol was online: no push");
    assertTrue(webhook.received().stream().noneMatch(body -> whileOnline.getString("msg_id")
        .equals(body.getString("msg_id"))), "bob was online for the first message: no push");
    assertEquals(0, webhook.rejected());

    User bobAgain = again(bob);
    assertEquals(2, bobAgain.login().getInteger("offline"));
    List<String> replayed = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      JsonObject event = await(bobAgain.client().nextEvent("message"));
      assertTrue(event.getBoolean("offline"));
      replayed.add(event.getString("msg_id"));
    }
    assertEquals(List.of(direct.getString("msg_id"), inGroup.getString("msg_id")), replayed);
  }

  @Test
  @DisplayName("answers the sender at once while the webhook never answers, and the messages still arrive at login")
  void hungWebhook() throws Exception {
    User dave = user("dave");
    User erin = user("erin");
    await(NodeHarness.befriend(dave, erin));
    String token = NodeHarness.unique(HANGS);
    ok(await(erin.client().request("push_register", "provider", "webhook", "token", token)));
    goOffline(erin, dave);
    ok(await(dave.client().request("send", "to", erin.id(), "text", "first")));
    await(webhook.await(body -> token.equals(body.getString("token")), 1));
    // The receiver now holds that push without an answer; each further send must not wait for it.
    for (int i = 2; i <= 5; i++) {
      long started = System.nanoTime();
      ok(await(dave.client().request("send", "to", erin.id(), "text", "message " + i)));
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(millis < REQUEST_TIMEOUT_MILLIS / 2, "a send took " + millis + " ms");
    }
    await(webhook.await(body -> token.equals(body.getString("token")), 5));

    User erinAgain = again(erin);
    assertEquals(5, erinAgain.login().getInteger("offline"));
    assertEquals("first", await(erinAgain.client().nextEvent("message")).getString("text"));
  }

  @Test
  @DisplayName("refuses push ops with another provider, a bad token or fields of the wrong type, and before login")
  void badRequests() throws Exception {
    User frank = user("frank");
    LineClient client = frank.client();
    assertEquals("bad_request", error(await(client.request("push_register", "provider", "sms", "token", "t"))));
    assertEquals("bad_request", error(await(client.request("push_register", "provider", "fcm", "token", ""))));
    assertEquals("bad_request", error(await(client.request("push_register", "provider", "fcm",
        "token", "t".repeat(4097)))));
    assertEquals("bad_request", error(await(client.request("push_register", "provider", "apns", "token", 42))));
    assertEquals("bad_request", error(await(client.request("push_register", "token", "t"))));
    assertEquals("bad_request", error(await(client.request("push_unregister", "provider", null, "token", "t"))));
    ok(await(client.request("push_register", "provider", "fcm", "token", "t".repeat(4096))));
    ok(await(client.request("push_register", "provider", "apns", "token", "pad")));
    ok(await(client.request("push_unregister", "provider", "fcm", "token", "t".repeat(4096))));
    ok(await(client.request("push_unregister", "provider", "fcm", "token", "never registered")));
    assertEquals(new JsonArray().add(new JsonObject().put("provider", "apns").put("token", "pad")),
        ok(await(client.request("push_devices"))).getJsonArray("devices"));

    LineClient anonymous = await(LineClient.connect(vertx, node.get().port()));
    assertEquals("not_logged_in", error(await(anonymous.request("push_register", "provider", "fcm", "token", "t"))));
    assertEquals("not_logged_in", error(await(anonymous.request("push_devices"))));
  }
}
