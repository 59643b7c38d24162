package io.chat.server;

import static io.chat.server.Cluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.server.NodeHarness.User;
import io.chat.testkit.ClientTransport;
import io.chat.testkit.LineClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Protocol version 2 over TCP and WebSocket: every message numbered in its conversation's log, history,
 * the list of conversations, retry-safe sends with cid, copies to the sender's other sessions,
 * and acknowledgements.
 */
@DisplayName("A node, for the conversation log")
class ConversationLogEndToEndTest {

  @RegisterExtension
  static RunningNode node = new RunningNode();

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  private static User user(ClientTransport transport, String prefix) throws Exception {
    return await(NodeHarness.newUser(vertx, node.get(), transport, prefix));
  }

  private static List<User> friends(ClientTransport transport) throws Exception {
    User a = user(transport, "a");
    User b = user(transport, "b");
    await(NodeHarness.befriend(a, b));
    return List.of(a, b);
  }

  private static String direct(User a, User b) {
    return "d:" + Math.min(a.id(), b.id()) + ":" + Math.max(a.id(), b.id());
  }

  private static JsonObject send(User from, User to, String text, Object... more) throws Exception {
    JsonObject request = new JsonObject().put("op", "send").put("to", to.id()).put("text", text);
    for (int i = 0; i + 1 < more.length; i += 2) {
      request.put((String) more[i], more[i + 1]);
    }
    return await(from.client().request(request));
  }

  private static String error(JsonObject reply) {
    assertFalse(reply.getBoolean("ok"), reply.encode());
    return reply.getString("error");
  }

  @OverEachTransport
  @DisplayName("numbers a conversation's messages 1, 2, 3 in the send reply and the event, both ways")
  void numbers(ClientTransport transport) throws Exception {
    List<User> pair = friends(transport);
    User a = pair.get(0);
    User b = pair.get(1);
    for (int i = 1; i <= 3; i++) {
      JsonObject reply = send(i % 2 == 1 ? a : b, i % 2 == 1 ? b : a, "m" + i);
      assertTrue(reply.getBoolean("ok"), reply.encode());
      assertEquals(direct(a, b), reply.getString("conv"));
      assertEquals(i, reply.getLong("seq"));
      JsonObject event = await((i % 2 == 1 ? b : a).client().nextEvent("message"));
      assertEquals(i, event.getLong("seq"));
      assertEquals(direct(a, b), event.getString("conv"));
      assertEquals(reply.getString("msg_id"), event.getString("msg_id"));
    }
  }

  @OverEachTransport
  @DisplayName("answers a repeated cid with the first reply and duplicate:true, from any connection, and sends nothing again")
  void cid(ClientTransport transport) throws Exception {
    List<User> pair = friends(transport);
    User a = pair.get(0);
    User b = pair.get(1);
    JsonObject first = send(a, b, "once", "cid", "c-1");
    JsonObject again = send(a, b, "once", "cid", "c-1");
    User other = await(NodeHarness.session(vertx, node.get(), a));
    JsonObject elsewhere = await(other.client().request(new JsonObject().put("op", "send").put("to", b.id())
        .put("text", "changed text, same cid").put("cid", "c-1")));
    JsonObject next = send(a, b, "next", "cid", "c-2");
    assertNull(first.getValue("duplicate"));
    for (JsonObject repeat : List.of(again, elsewhere)) {
      assertTrue(repeat.getBoolean("duplicate"), repeat.encode());
      for (String field : List.of("msg_id", "ts", "conv", "seq")) {
        assertEquals(first.getValue(field), repeat.getValue(field), field);
      }
    }
    assertEquals(first.getLong("seq") + 1, next.getLong("seq"));
    assertEquals("once", await(b.client().nextEvent("message")).getString("text"));
    assertEquals("next", await(b.client().nextEvent("message")).getString("text"), "the repeats reached no one");
    assertEquals("bad_request", error(send(a, b, "x", "cid", "")));
    assertEquals("bad_request", error(send(a, b, "x", "cid", "c".repeat(65))));
    assertEquals("bad_request", error(send(a, b, "x", "cid", 7)));
  }

  @OverEachTransport
  @DisplayName("sends a copy of what a user sends to the user's other sessions, never to the sending one")
  void otherSessions(ClientTransport transport) throws Exception {
    List<User> pair = friends(transport);
    User a = pair.get(0);
    User b = pair.get(1);
    User a2 = await(NodeHarness.session(vertx, node.get(), a));
    JsonObject sent = send(a, b, "seen on both devices");
    JsonObject copy = await(a2.client().nextEvent("message"));
    assertEquals(sent.getString("msg_id"), copy.getString("msg_id"));
    assertEquals(b.id(), copy.getInteger("to"));
    await(a.client().request("ping"));
    assertTrue(a.client().pendingEvents().stream().noneMatch(e -> "message".equals(e.getString("event"))),
        "the sending connection got its own message back");
    JsonObject reply = send(b, a, "back");
    assertEquals(reply.getLong("seq"), await(a.client().nextEvent("message")).getLong("seq"));
    assertEquals(reply.getLong("seq"), await(a2.client().nextEvent("message")).getLong("seq"));
  }

  @OverEachTransport
  @DisplayName("pages a conversation's history: the latest, before a seq, after a seq, and says whether there is more")
  void history(ClientTransport transport) throws Exception {
    List<User> pair = friends(transport);
    User a = pair.get(0);
    User b = pair.get(1);
    for (int i = 1; i <= 7; i++) {
      send(a, b, "h" + i);
    }
    JsonObject latest = await(a.client().request("history", "with", b.id(), "limit", 3));
    assertEquals(List.of(5L, 6L, 7L), seqs(latest));
    assertTrue(latest.getBoolean("more"));
    assertEquals(direct(a, b), latest.getString("conv"));
    JsonObject message = latest.getJsonArray("messages").getJsonObject(0);
    assertEquals("h5", message.getString("text"));
    assertEquals(a.ref(), message.getJsonObject("from"));
    assertEquals(b.id(), message.getInteger("to"));
    assertFalse(message.containsKey("event") || message.containsKey("offline"), message.encode());
    JsonObject before = await(b.client().request("history", "conv", direct(a, b), "before", 3));
    assertEquals(List.of(1L, 2L), seqs(before));
    assertFalse(before.getBoolean("more"));
    JsonObject after = await(b.client().request("history", "with", a.name(), "after", 4, "limit", 2));
    assertEquals(List.of(5L, 6L), seqs(after));
    assertTrue(after.getBoolean("more"));
    JsonObject all = await(a.client().request("history", "with", b.id()));
    assertEquals(7, all.getJsonArray("messages").size());
    assertFalse(all.getBoolean("more"));
  }

  @OverEachTransport
  @DisplayName("lets only a conversation's users read it (friends or not any more), and answers bad requests with the contract's codes")
  void historyRules(ClientTransport transport) throws Exception {
    List<User> pair = friends(transport);
    User a = pair.get(0);
    User b = pair.get(1);
    User outsider = user(transport, "o");
    send(a, b, "private");
    assertTrue(await(a.client().request("friend_remove", "id", b.id())).getBoolean("ok"));
    assertEquals(1, await(b.client().request("history", "with", a.id())).getJsonArray("messages").size(),
        "no longer friends, still their history");
    assertEquals("not_member", error(await(outsider.client().request("history", "conv", direct(a, b)))));
    assertEquals("no_such_user", error(await(a.client().request("history", "with", 987_654_321))));
    assertEquals("no_such_user", error(await(a.client().request("history", "conv", "d:" + a.id() + ":987654321"))));
    assertEquals("bad_request", error(await(a.client().request("history", "with", a.id()))));
    for (String bad : List.of("x", "d:2:1", "d:1", "g:", "g:01", "d:1:-2", "g:1:2")) {
      assertEquals("bad_request", error(await(a.client().request("history", "conv", bad))), bad);
    }
    assertEquals("bad_request", error(await(a.client().request("history"))));
    assertEquals("bad_request", error(await(a.client().request("history", "with", b.id(), "limit", 0))));
    assertEquals("bad_request", error(await(a.client().request("history", "with", b.id(), "limit", 201))));
    assertEquals("bad_request", error(await(a.client().request("history", "with", b.id(), "before", 3, "after", 1))));
    assertEquals("bad_request", error(await(a.client().request("history", "with", b.id(), "before", "3"))));
    assertEquals("bad_request", error(await(a.client().request("history", "conv", 12))));
    String group = NodeHarness.unique("g");
    assertTrue(await(a.client().request("group_create", "name", group)).getBoolean("ok"));
    assertEquals("not_member", error(await(outsider.client().request("history", "group", group))));
    assertEquals("no_such_group", error(await(a.client().request("history", "group", NodeHarness.unique("none")))));
    assertEquals("no_such_group", error(await(a.client().request("history", "conv", "g:987654321"))));
    LineClient anonymous = await(NodeHarness.connect(vertx, node.get(), transport));
    assertEquals("not_logged_in", error(await(anonymous.request("history", "with", a.id()))));
  }

  @OverEachTransport
  @DisplayName("owes a group member what is sent while a member: the login replays only that, history shows the rest")
  void groupMembership(ClientTransport transport) throws Exception {
    User owner = user(transport, "o");
    User late = user(transport, "l");
    String group = NodeHarness.unique("g");
    await(owner.client().request("group_create", "name", group));
    await(owner.client().request("group_send", "group", group, "text", "before the join"));
    assertTrue(await(late.client().request("group_join", "group", group)).getBoolean("ok"));
    assertTrue(await(late.client().request("logout")).getBoolean("ok"));
    await(owner.client().request("group_send", "group", group, "text", "while away"));
    User back = await(NodeHarness.session(vertx, node.get(), late));
    assertEquals(1L, back.login().getLong("offline"));
    JsonObject replayed = await(back.client().nextEvent("message"));
    assertEquals("while away", replayed.getString("text"));
    assertEquals(2L, replayed.getLong("seq"));
    assertTrue(replayed.getBoolean("offline"));
    JsonObject history = await(back.client().request("history", "group", group));
    assertEquals(List.of(1L, 2L), seqs(history));
    assertTrue(await(back.client().request("group_leave", "group", group)).getBoolean("ok"));
    assertEquals("not_member", error(await(back.client().request("history", "group", group))));
  }

  @OverEachTransport
  @DisplayName("lists the user's conversations, the most recently active first, with last_seq, last_ts and acked_seq")
  void conversations(ClientTransport transport) throws Exception {
    List<User> pair = friends(transport);
    User a = pair.get(0);
    User b = pair.get(1);
    User c = user(transport, "c");
    await(NodeHarness.befriend(a, c));
    String group = NodeHarness.unique("g");
    await(a.client().request("group_create", "name", group));
    // A message's ts is in milliseconds: the conversations are active a few apart, so that
    // "most recent first" has one answer (within one millisecond any order is right).
    send(a, b, "to b");
    await(b.client().nextEvent("message"));
    Thread.sleep(5);
    send(a, c, "to c");
    send(a, c, "to c again");
    Thread.sleep(5);
    JsonObject inGroup = await(a.client().request("group_send", "group", group, "text", "to the group"));
    JsonObject list = await(a.client().request("conversations"));
    JsonArray convs = list.getJsonArray("convs");
    assertEquals(3, convs.size(), list.encode());
    assertEquals("g:" + inGroup.getString("conv").substring(2), convs.getJsonObject(0).getString("conv"));
    assertEquals(group, convs.getJsonObject(0).getJsonObject("group").getString("name"));
    JsonObject withC = convs.getJsonObject(1);
    assertEquals(c.ref(), withC.getJsonObject("with"));
    assertEquals(2L, withC.getLong("last_seq"));
    assertEquals(2L, withC.getLong("acked_seq"), "a user has received what they sent");
    assertTrue(withC.getLong("last_ts") >= convs.getJsonObject(2).getLong("last_ts"));
    JsonObject ofB = await(b.client().request("conversations"));
    JsonObject withA = ofB.getJsonArray("convs").getJsonObject(0);
    assertEquals(a.ref(), withA.getJsonObject("with"));
    assertEquals(1L, withA.getLong("acked_seq"), "b's session was written the message");
    assertEquals(1, await(c.client().request("conversations")).getJsonArray("convs").size());
  }

  @OverEachTransport
  @DisplayName("with ack:true moves the cursor only by acks: what was not acked is replayed at the next login, the same msg_id and seq")
  void acknowledged(ClientTransport transport) throws Exception {
    List<User> pair = friends(transport);
    User a = pair.get(0);
    User b = pair.get(1);
    assertTrue(await(b.client().request("logout")).getBoolean("ok"));
    assertTrue(await(b.client().request("login", "name", b.name(), "password", NodeHarness.password(b.name()),
        "ack", true)).getBoolean("ok"));
    List<JsonObject> sent = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      sent.add(send(a, b, "acked? " + i));
    }
    for (int i = 0; i < 4; i++) {
      assertEquals(sent.get(i).getLong("seq"), await(b.client().nextEvent("message")).getLong("seq"));
    }
    String conv = direct(a, b);
    assertTrue(await(b.client().request("ack", "conv", conv, "seq", 2)).getBoolean("ok"));
    assertTrue(await(b.client().request("ack", "conv", conv, "seq", 1)).getBoolean("ok"), "below the cursor: no effect");
    assertEquals("bad_request", error(await(b.client().request("ack", "conv", conv, "seq", 5))));
    assertEquals("bad_request", error(await(b.client().request("ack", "conv", "d:9:3", "seq", 1))));
    assertEquals("bad_request", error(await(b.client().request("ack", "conv", conv, "seq", -1))));
    assertEquals("bad_request", error(await(b.client().request("ack", "conv", conv))));
    assertEquals("not_member", error(await(b.client().request("ack", "conv", "d:987654320:987654321", "seq", 0))));
    String withNobody = "d:" + b.id() + ":2147483647";
    assertEquals("no_such_user", error(await(b.client().request("ack", "conv", withNobody, "seq", 0))));
    await(b.client().close());
    User again = await(NodeHarness.session(vertx, node.get(), b));
    assertEquals(2L, again.login().getLong("offline"));
    for (int i = 2; i < 4; i++) {
      JsonObject replayed = await(again.client().nextEvent("message"));
      assertEquals(sent.get(i).getString("msg_id"), replayed.getString("msg_id"));
      assertEquals(sent.get(i).getLong("seq"), replayed.getLong("seq"));
      assertTrue(replayed.getBoolean("offline"));
    }
    LineClient anonymous = await(NodeHarness.connect(vertx, node.get(), transport));
    assertEquals("not_logged_in", error(await(anonymous.request("ack", "conv", conv, "seq", 1))));
  }

  private static List<Long> seqs(JsonObject history) {
    assertTrue(history.getBoolean("ok"), history.encode());
    List<Long> seqs = new ArrayList<>();
    for (Object message : history.getJsonArray("messages")) {
      seqs.add(((JsonObject) message).getLong("seq"));
    }
    return seqs;
  }
}
