package io.chat.message;

import static io.chat.message.MessageFixture.await;
import static io.chat.message.MessageFixture.caller;
import static io.chat.message.MessageFixture.eventually;
import static io.chat.message.MessageFixture.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.Empty;
import io.chat.common.bus.message.AckCheck;
import io.chat.common.bus.message.ConvHead;
import io.chat.common.bus.message.ConvPosition;
import io.chat.common.bus.message.ConvRange;
import io.chat.common.bus.message.ConversationEntry;
import io.chat.common.bus.message.CursorMove;
import io.chat.common.bus.message.CursorMoves;
import io.chat.common.bus.message.HeadsRequest;
import io.chat.common.bus.message.HistoryPage;
import io.chat.common.bus.message.HistoryRequest;
import io.chat.common.bus.message.LogRead;
import io.chat.common.bus.message.NodeRef;
import io.chat.common.bus.message.Notify;
import io.chat.common.bus.message.Opened;
import io.chat.common.bus.message.Sent;
import io.chat.common.bus.message.SessionRef;
import io.chat.common.bus.message.SessionsRestore;
import io.chat.common.bus.message.UserHeads;
import io.chat.common.bus.social.OfUser;
import io.chat.common.bus.social.UserIds;
import io.chat.common.config.ChatConfig;
import io.chat.common.config.ConfigKeys;
import io.chat.common.model.ChatMessage;
import io.chat.common.model.ConvId;
import io.chat.common.model.GroupRef;
import io.chat.common.model.Named;
import io.chat.common.model.UserRef;
import io.chat.common.protocol.ErrorCode;
import io.chat.message.PlayedNode.Received;
import io.chat.social.SocialVerticle;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The message service with the real social service, MariaDB and Redis, asked over the event
 * bus with the typed actions of {@link Actions.Message}. The gateway nodes that hold sessions
 * are played by the test ({@link PlayedNode}): they take deliveries and cursor flushes as a
 * node's delivery address does, and send heartbeats (the presence TTL is one second, so a node
 * that stops them is reaped within a second or two). The node this service runs on is played
 * too: its own gateway gets deliveries in batches.
 *
 * <p>Longer than our classes usually are: one test class per verticle, and this one answers
 * fifteen actions.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The message service")
class MessageVerticleTest {

  @RegisterExtension
  static TestStores stores = new TestStores();

  /** Half of it is the log writer's deadline, an eighth the wait for other nodes' cursors at a login. */
  private static final int REQUEST_TIMEOUT_MILLIS = 8_000;

  private Vertx vertx;
  private MessageFixture chat;
  private String localNode;
  private final List<Throwable> unhandled = new CopyOnWriteArrayList<>();

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    vertx.exceptionHandler(unhandled::add);
    localNode = "message-" + shortId();
    // Two log writers, so that sends are spread over lanes; the end-to-end tests run the default one.
    ChatConfig config = stores.config(ConfigKeys.PRESENCE_TTL, 1, ConfigKeys.NODE, localNode,
        ConfigKeys.REQUEST_TIMEOUT, REQUEST_TIMEOUT_MILLIS, ConfigKeys.LOG_WRITERS, 2);
    chat = new MessageFixture(vertx, stores);
    await(vertx.deployVerticle(new SocialVerticle(config)));
    await(vertx.deployVerticle(new MessageVerticle(config)));
  }

  /** Whatever a test did, nothing in the service failed without being handled. */
  @AfterEach
  void nothingUnhandled() {
    assertEquals(List.of(), unhandled);
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** Another node of the cluster, alive: it sends heartbeats. */
  private PlayedNode node() throws Exception {
    PlayedNode node = await(PlayedNode.start(vertx, "node-" + shortId()));
    node.startHeartbeat(chat.client());
    return node;
  }

  /** A node that sends no heartbeat: its sessions expire a second after they were opened. */
  private PlayedNode silentNode() throws Exception {
    return await(PlayedNode.start(vertx, "ghost-" + shortId()));
  }

  /** The gateway of the node this message service runs on (never reaped: it is alive by definition). */
  private PlayedNode localGateway() throws Exception {
    return await(PlayedNode.start(vertx, localNode));
  }

  private static Received awaitReceived(PlayedNode node, String what, Predicate<Received> matching) throws Exception {
    return eventually(what + " at " + node.id(),
        () -> node.received(matching).stream().findFirst().orElse(null));
  }

  private static Predicate<Received> presenceOf(UserRef user, boolean online) {
    return received -> received.delivery().presence() != null && received.delivery().presence().user() == user.id()
        && received.event().getBoolean("online") == online;
  }

  private static Predicate<Received> message(UserRef to, long seq) {
    return received -> received.isMessage() && received.names(to.id()) && received.delivery().seq() == seq;
  }

  private static List<Long> seqs(List<Received> received) {
    return received.stream().map(r -> r.delivery().seq()).toList();
  }

  private static ConvPosition position(Opened opened, ConvId conv) {
    return opened.positions().stream().filter(p -> p.conv().equals(conv)).findFirst()
        .orElseThrow(() -> new AssertionError("no position in " + conv + ": " + opened));
  }

  private static HistoryRequest historyOf(UserRef caller, String conv, Named with, Named group, Long before, Long after,
      Integer limit) {
    return new HistoryRequest(caller(caller), conv, with, group, before, after, limit);
  }

  private static List<Long> seqsOf(List<ChatMessage> messages) {
    return messages.stream().map(ChatMessage::seq).toList();
  }

  // ---- sessions and presence ----

  @Test
  @DisplayName("registers sessions: the first brings the user online, the last takes the user offline, in the mirror and in user.state")
  void sessions() throws Exception {
    PlayedNode node = node();
    UserRef a = chat.user();
    UserRef never = chat.user();
    chat.open(a, node.id(), node.session("1"), List.of());
    chat.open(a, node.id(), node.session("2"), List.of());
    assertTrue(chat.online(a));
    assertEquals(List.of(a.id()), chat.ask(Actions.Message.PRESENCE, new UserIds(List.of(never.id(), a.id()))).ids(),
        "presence names the online users among those asked for");
    eventually("user.state online", () -> "online".equals(chat.state(a)));

    chat.close(a, node.id(), node.session("1"));
    assertTrue(chat.online(a), "one session is left");
    assertEquals("online", chat.state(a));
    chat.close(a, node.id(), node.session("2"));
    assertFalse(chat.online(a));
    assertEquals("offline", chat.state(a));
  }

  @Test
  @DisplayName("ignores the open of a session that was closed before it came, so its user does not stay online")
  void lateOpen() throws Exception {
    PlayedNode node = node();
    UserRef a = chat.user();
    String late = node.session("late");
    chat.close(a, node.id(), late);
    chat.open(a, node.id(), late, List.of());
    assertFalse(chat.online(a), "the late session is not registered");
    assertEquals("offline", chat.state(a));
    chat.open(a, node.id(), node.session("next"), List.of());
    assertTrue(chat.online(a), "another session of the user is registered as usual");
  }

  @Test
  @DisplayName("leaves user.state offline for users whose session opened and closed at once")
  void stateAfterQuickSessions() throws Exception {
    PlayedNode node = node();
    List<UserRef> users = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      users.add(chat.user());
    }
    // Twice: the first round also opens the pools' connections, which the second round spreads over.
    for (int round = 0; round < 2; round++) {
      List<Future<?>> sessions = new ArrayList<>();
      for (UserRef user : users) {
        String session = node.session("quick-" + round + "-" + user.id());
        sessions.add(chat.opening(user, node.id(), session, List.of()));
        sessions.add(chat.closing(user, node.id(), session));
      }
      await(Future.all(sessions));
    }
    // Time for an update still on its way to land where it would overwrite a later one.
    Thread.sleep(500);
    List<UserRef> online = new ArrayList<>();
    for (UserRef user : users) {
      if ("online".equals(chat.state(user))) {
        online.add(user);
      }
    }
    assertEquals(List.of(), online);
  }

  @Test
  @DisplayName("tells online friends when a user's first session opens and its last one closes, in versions that grow")
  void presenceEvents() throws Exception {
    PlayedNode node = node();
    UserRef a = chat.user();
    UserRef b = chat.user();
    chat.befriend(a, b);
    assertEquals(List.of(), chat.open(b, node.id(), node.session("b"), List.of(a.id())).onlineFriends());
    Opened opened = chat.open(a, node.id(), node.session("a1"), List.of(b.id()));
    assertEquals(List.of(b.id()), opened.onlineFriends());
    chat.open(a, node.id(), node.session("a2"), List.of(b.id()));

    Received cameOnline = awaitReceived(node, "a's presence", presenceOf(a, true));
    assertEquals(List.of(b.id()), cameOnline.delivery().users());
    assertEquals(a.toJson(), cameOnline.event().getJsonObject("user"));
    assertEquals("presence", cameOnline.event().getString("event"));
    assertNull(cameOnline.delivery().conv(), "a presence event is not a message of a conversation");

    chat.close(a, node.id(), node.session("a1"));
    chat.close(a, node.id(), node.session("a2"));
    Received wentOffline = awaitReceived(node, "a's presence offline", presenceOf(a, false));
    assertEquals(List.of(b.id()), wentOffline.delivery().users());
    assertTrue(wentOffline.delivery().presence().version() > cameOnline.delivery().presence().version(),
        "versions grow");
    assertEquals(1, node.received(presenceOf(a, true)).size(), "the second session told no one");
  }

  @Test
  @DisplayName("expires the sessions of a node that stops without closing them, telling friends and user.state")
  void nodeExpiry() throws Exception {
    PlayedNode live = node();
    PlayedNode ghost = silentNode();
    UserRef ghostUser = chat.user();
    UserRef friend = chat.user();
    chat.befriend(ghostUser, friend);
    chat.open(friend, live.id(), live.session("f"), List.of(ghostUser.id()));
    chat.open(ghostUser, ghost.id(), ghost.session("g"), List.of(friend.id()));
    assertTrue(chat.online(ghostUser));
    eventually("user.state online", () -> "online".equals(chat.state(ghostUser)));

    // The ghost node sends no heartbeat: its entries expire after the 1 s TTL.
    Received wentOffline = awaitReceived(live, "the ghost user's presence offline", presenceOf(ghostUser, false));
    assertEquals(List.of(friend.id()), wentOffline.delivery().users());
    assertFalse(chat.online(ghostUser));
    eventually("user.state offline", () -> "offline".equals(chat.state(ghostUser)));
    assertTrue(chat.online(friend), "a node that sends heartbeats keeps its sessions");
  }

  @Test
  @DisplayName("stops routing to an expired node the users who are still online on another node")
  void expiredNodeOfUserOnlineElsewhere() throws Exception {
    PlayedNode live = node();
    PlayedNode ghost = silentNode();
    UserRef both = chat.user();
    UserRef sender = chat.user();
    chat.befriend(both, sender);
    chat.open(both, live.id(), live.session("both"), List.of());
    chat.open(both, ghost.id(), ghost.session("both"), List.of());
    // The ghost's entries expire after the 1 s TTL and are reaped within half a TTL more.
    eventually("the ghost's session reaped", () -> chat.nodesInRegistry(both).equals(List.of(live.id())));
    // Time for the mirror to re-read the user, as the reap told it to.
    Thread.sleep(200);

    Sent sent = chat.send(sender, "elsewhere/1", both, "after the reap");
    awaitReceived(live, "the message", message(both, sent.seq()));
    assertTrue(chat.online(both), "the session on the live node remains");
    assertEquals(List.of(), ghost.received(Received::isMessage), "nothing goes to the expired node");
  }

  @Test
  @DisplayName("registers a node's sessions again after its heartbeat lapsed: online again, friends told, routed to again")
  void restore() throws Exception {
    PlayedNode home = node();
    PlayedNode friendNode = node();
    UserRef a = chat.user();
    UserRef b = chat.user();
    chat.befriend(a, b);
    chat.open(a, friendNode.id(), friendNode.session("a"), List.of(b.id()));
    chat.open(b, home.id(), home.session("b"), List.of(a.id()));
    awaitReceived(friendNode, "b's presence", presenceOf(b, true));

    home.stopHeartbeat();
    Received takenOffline = awaitReceived(friendNode, "b's presence offline", presenceOf(b, false));
    assertFalse(chat.online(b));
    Sent whileAway = chat.send(a, friendNode.session("a"), b, "while taken for offline");

    assertTrue(await(home.heartbeat(chat.client())), "the lapsed node is told to register its sessions again");
    assertFalse(await(home.heartbeat(chat.client())), "a node whose heartbeat holds is not");
    chat.ask(Actions.Message.SESSIONS_RESTORE, new SessionsRestore(home.id(),
        List.of(new SessionRef(caller(b), home.id(), home.session("b")))));
    home.startHeartbeat(chat.client());
    assertTrue(chat.online(b));
    Received back = awaitReceived(friendNode, "b's presence online again",
        presenceOf(b, true).and(r -> r.delivery().presence().version() > takenOffline.delivery().presence().version()));
    assertEquals(List.of(a.id()), back.delivery().users());
    eventually("user.state online", () -> "online".equals(chat.state(b)));

    Sent after = chat.send(a, friendNode.session("a"), b, "after the restore");
    awaitReceived(home, "the message", message(b, after.seq()));
    assertEquals(List.of(after.seq()), seqs(home.messagesFor(b.id())),
        "seq " + whileAway.seq() + " waited in the log (the session reads the gap from there)");
  }

  @Test
  @DisplayName("removes the sessions an earlier run of a starting node left registered, telling friends")
  void nodeStarted() throws Exception {
    PlayedNode restarted = await(PlayedNode.start(vertx, "restarted-" + shortId()));
    PlayedNode friendNode = node();
    UserRef a = chat.user();
    UserRef b = chat.user();
    chat.befriend(a, b);
    chat.open(a, friendNode.id(), friendNode.session("a"), List.of(b.id()));
    chat.open(b, restarted.id(), restarted.session("b1"), List.of(a.id()));
    chat.open(b, restarted.id(), restarted.session("b2"), List.of(a.id()));
    // Its heartbeat still holds (the earlier run died a moment ago): no reap would take these yet.
    chat.keepAlive(restarted.id(), 60_000);

    chat.ask(Actions.Message.NODE_STARTED, new NodeRef(restarted.id()));
    assertFalse(chat.online(b));
    assertEquals(List.of(), chat.nodesInRegistry(b));
    awaitReceived(friendNode, "b's presence offline", presenceOf(b, false));
    eventually("user.state offline", () -> "offline".equals(chat.state(b)));
    assertTrue(chat.online(a), "sessions of other nodes stay");
  }

  @Test
  @DisplayName("removes the sessions of a node that left the cluster at once, without waiting for its heartbeat to expire")
  void nodeLeft() throws Exception {
    PlayedNode gone = await(PlayedNode.start(vertx, "gone-" + shortId()));
    PlayedNode friendNode = node();
    UserRef a = chat.user();
    UserRef b = chat.user();
    chat.befriend(a, b);
    chat.open(a, friendNode.id(), friendNode.session("a"), List.of(b.id()));
    chat.open(b, gone.id(), gone.session("b"), List.of(a.id()));
    chat.keepAlive(gone.id(), 60_000);

    vertx.eventBus().publish(Addresses.NODE_LEFT, new NodeRef(gone.id()).toJson(),
        new DeliveryOptions().setLocalOnly(true));
    awaitReceived(friendNode, "b's presence offline", presenceOf(b, false));
    assertFalse(chat.online(b));
    assertTrue(chat.online(a));
  }

  @Test
  @DisplayName("reads the presence registry again when a node joins the cluster, so sessions it missed are routed to")
  void reloadsOnNodeJoined() throws Exception {
    PlayedNode node = node();
    UserRef a = chat.user();
    UserRef b = chat.user();
    chat.befriend(a, b);
    // A session registered while this service heard nothing of it (as across a cluster split).
    chat.registerUnheard(b, node.id(), node.session("unheard"));
    assertFalse(chat.online(b), "the mirror had not heard of the session");

    vertx.eventBus().publish(Addresses.NODE_JOINED, new NodeRef("other").toJson(),
        new DeliveryOptions().setLocalOnly(true));
    eventually("b online in the mirror", () -> chat.online(b));
    Sent sent = chat.send(a, "elsewhere/1", b, "routed");
    assertEquals("routed", awaitReceived(node, "the message", message(b, sent.seq())).event().getString("text"));
  }

  @Test
  @DisplayName("follows the sessions other nodes' message services open and close, when they publish the change")
  void changesElsewhere() throws Exception {
    PlayedNode node = node();
    UserRef a = chat.user();
    UserRef b = chat.user();
    chat.befriend(a, b);
    chat.registerUnheard(b, node.id(), node.session("elsewhere"));
    vertx.eventBus().publish(Addresses.PRESENCE_CHANGES, new JsonArray().add(b.id()));
    eventually("b online in the mirror", () -> chat.online(b));
    Sent sent = chat.send(a, "elsewhere/1", b, "routed");
    awaitReceived(node, "the message", message(b, sent.seq()));

    chat.unregisterUnheard(b, node.session("elsewhere"));
    // Each change goes to every mirror; re-reads of one user may be answered in any order.
    for (int i = 0; i < 20; i++) {
      vertx.eventBus().publish(Addresses.PRESENCE_CHANGES, new JsonArray().add(b.id()));
    }
    eventually("b offline in the mirror", () -> !chat.online(b));
  }

  // ---- send and group_send ----

  @Test
  @DisplayName("delivers a message to the recipient's nodes and the sender's other sessions, with its conv, seq, msg_id and ts")
  void sendLive() throws Exception {
    UserRef a = chat.user();
    UserRef b = chat.user();
    chat.befriend(a, b);
    PlayedNode recipientNode = node();
    PlayedNode local = localGateway();
    PlayedNode sendingNode = node();
    PlayedNode otherNode = node();
    chat.open(b, recipientNode.id(), recipientNode.session("b"), List.of(a.id()));
    chat.open(b, local.id(), local.session("b"), List.of(a.id()));
    String sending = sendingNode.session("a");
    chat.open(a, sendingNode.id(), sending, List.of(b.id()));
    chat.open(a, otherNode.id(), otherNode.session("a"), List.of(b.id()));

    Sent sent = chat.send(a, sending, b, "héllo 🎉");
    ConvId conv = ConvId.direct(a.id(), b.id());
    assertEquals(conv, sent.conv());
    assertEquals(1, sent.seq());
    assertFalse(sent.duplicate());

    Received toB = awaitReceived(recipientNode, "the message", message(b, 1));
    assertEquals(List.of(b.id()), toB.delivery().users());
    assertEquals(conv, toB.delivery().conv());
    assertEquals(sending, toB.delivery().exceptSession());
    assertFalse(toB.batched());
    JsonObject event = toB.event();
    assertEquals("message", event.getString("event"));
    assertEquals(sent.msgId(), event.getString("msg_id"));
    assertEquals(sent.ts(), event.getLong("ts"));
    assertEquals(conv.toString(), event.getString("conv"));
    assertEquals(1, event.getLong("seq"));
    assertEquals(a.toJson(), event.getJsonObject("from"));
    assertEquals(b.id(), event.getInteger("to"));
    assertEquals("héllo 🎉", event.getString("text"));
    assertFalse(event.containsKey("offline"));
    assertFalse(event.containsKey("group"));

    Received toLocal = awaitReceived(local, "the message", message(b, 1));
    assertTrue(toLocal.batched(), "this node's own gateway takes deliveries in batches");
    assertEquals(sent.msgId(), toLocal.event().getString("msg_id"));
    Received copy = awaitReceived(otherNode, "the sender's copy", message(a, 1));
    assertEquals(List.of(a.id()), copy.delivery().users());
    assertEquals(sent.msgId(), copy.event().getString("msg_id"));
    Received atSendingNode = awaitReceived(sendingNode, "the sender's copy", message(a, 1));
    assertEquals(sending, atSendingNode.delivery().exceptSession(), "the sending session is left out");
    assertEquals(List.of(), sendingNode.messagesFor(b.id()));

    Sent byName = await(chat.sending(a, sending, Named.name(b.name()), "by name", null));
    assertEquals(2, byName.seq());
    assertEquals("by name", awaitReceived(recipientNode, "the message", message(b, 2)).event().getString("text"));
  }

  @Test
  @DisplayName("sends nothing to a recipient with no session: the messages wait above the recipient's cursor")
  void sendToAbsent() throws Exception {
    UserRef a = chat.user();
    UserRef b = chat.user();
    chat.befriend(a, b);
    PlayedNode node = node();
    chat.open(a, node.id(), node.session("a"), List.of(b.id()));
    List<Sent> sent = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      sent.add(chat.send(a, node.session("sending"), b, "stored " + i));
    }
    awaitReceived(node, "the sender's copy of the last", message(a, 3));
    assertEquals(List.of(), node.received(r -> r.names(b.id())), "nothing for b");

    ConvId conv = ConvId.direct(a.id(), b.id());
    Opened opened = chat.open(b, node.id(), node.session("b"), List.of(a.id()));
    assertEquals(new ConvPosition(conv, 0, 3, 3), position(opened, conv));
    assertEquals(3, opened.offline());
    assertEquals(List.of(a.id()), opened.onlineFriends());
    List<ChatMessage> stored = chat.ask(Actions.Message.LOG_READ,
        new LogRead(b.id(), List.of(new ConvRange(conv, 0, 3)), true, 10)).messages();
    assertEquals(List.of("stored 1", "stored 2", "stored 3"), stored.stream().map(ChatMessage::text).toList());
    assertEquals(sent.get(0).msgId(), stored.get(0).msgId());

    Opened sendersOther = chat.open(a, node.id(), node.session("a2"), List.of(b.id()));
    assertEquals(new ConvPosition(conv, 0, 3, 0), position(sendersOther, conv), "a sender is owed none of its own");
  }

  @Test
  @DisplayName("answers the sender once the message is stored, without waiting for a recipient's node that hangs")
  void hangingNodeDoesNotHoldTheSender() throws Exception {
    UserRef a = chat.user();
    UserRef b = chat.user();
    chat.befriend(a, b);
    PlayedNode hanging = node();
    hanging.hang();
    chat.open(b, hanging.id(), hanging.session("b"), List.of());
    // Within the test's 5 s request timeout, while the node is given the service's 8 s.
    Sent sent = chat.send(a, "n/1", b, "kept");
    awaitReceived(hanging, "the message", message(b, sent.seq()));
    HistoryPage log = chat.ask(Actions.Message.HISTORY, historyOf(b, sent.conv().toString(), null, null, null, null, null));
    assertEquals(List.of(sent.msgId()), log.messages().stream().map(ChatMessage::msgId).toList(), "it is in the log");
  }

  @Test
  @DisplayName("answers send errors: not_friends, no_such_user, invalid_text, bad_request for a cid; a failed send takes no seq")
  void sendErrors() throws Exception {
    UserRef a = chat.user();
    UserRef friend = chat.user();
    UserRef stranger = chat.user();
    chat.befriend(a, friend);
    String session = "node/1";
    assertEquals(ErrorCode.NOT_FRIENDS, refusal(chat.sending(a, session, Named.id(stranger.id()), "hi", null)));
    assertEquals(ErrorCode.NOT_FRIENDS, refusal(chat.sending(a, session, Named.name(stranger.name()), "hi", null)));
    assertEquals(ErrorCode.NOT_FRIENDS, refusal(chat.sending(a, session, Named.id(a.id()), "me", null)));
    assertEquals(ErrorCode.NO_SUCH_USER, refusal(chat.sending(a, session, Named.id(987_654_321), "hi", null)));
    assertEquals(ErrorCode.NO_SUCH_USER, refusal(chat.sending(a, session, Named.name("nobody-" + shortId()), "hi", null)));
    Named to = Named.id(friend.id());
    assertEquals(ErrorCode.INVALID_TEXT, refusal(chat.sending(a, session, to, "", null)));
    assertEquals(ErrorCode.INVALID_TEXT, refusal(chat.sending(a, session, to, "x".repeat(4001), null)));
    assertEquals(ErrorCode.BAD_REQUEST, refusal(chat.sending(a, session, to, "hi", "")));
    assertEquals(ErrorCode.BAD_REQUEST, refusal(chat.sending(a, session, to, "hi", "c".repeat(65))));

    assertEquals(1, await(chat.sending(a, session, to, "x".repeat(4000), "c".repeat(64))).seq());
  }

  @Test
  @DisplayName("answers a repeated cid with the first reply, flagged duplicate, and delivers nothing again")
  void duplicateCid() throws Exception {
    UserRef a = chat.user();
    UserRef b = chat.user();
    UserRef c = chat.user();
    chat.befriend(a, b);
    chat.befriend(c, b);
    GroupRef group = chat.group(a, b);
    PlayedNode node = node();
    chat.open(b, node.id(), node.session("b"), List.of());

    Sent first = await(chat.sending(a, "n/1", Named.id(b.id()), "once", "c-1"));
    Sent again = await(chat.sending(a, "n/2", Named.id(b.id()), "changed text, same cid", "c-1"));
    assertFalse(first.duplicate());
    assertEquals(first.asDuplicate(), again);
    Sent othersCid = await(chat.sending(c, "n/3", Named.id(b.id()), "another sender's c-1", "c-1"));
    assertFalse(othersCid.duplicate(), "a cid is its sender's");
    Sent toGroup = await(chat.groupSending(a, "n/1", Named.id(group.id()), "to the group", "g-1"));
    Sent groupAgain = await(chat.groupSending(a, "n/1", Named.id(group.id()), "to the group", "g-1"));
    assertEquals(toGroup.asDuplicate(), groupAgain);
    Sent next = await(chat.sending(a, "n/1", Named.id(b.id()), "next", "c-2"));
    assertEquals(first.seq() + 1, next.seq(), "the repeat took no seq");

    awaitReceived(node, "the last message", message(b, next.seq()).and(r -> r.delivery().conv().equals(next.conv())));
    assertEquals(List.of("once", "another sender's c-1", "to the group", "next"),
        node.messagesFor(b.id()).stream().map(r -> r.event().getString("text")).toList(), "the repeats reached no one");
  }

  @Test
  @DisplayName("fans a group message out to the other members' nodes and the sender's other sessions; an absent member is owed it")
  void groupSend() throws Exception {
    UserRef sender = chat.user();
    UserRef online = chat.user();
    UserRef away = chat.user();
    GroupRef group = chat.group(sender, online, away);
    PlayedNode memberNode = node();
    PlayedNode sendingNode = node();
    PlayedNode otherNode = node();
    chat.open(online, memberNode.id(), memberNode.session("m"), List.of());
    String sending = sendingNode.session("s");
    chat.open(sender, sendingNode.id(), sending, List.of());
    chat.open(sender, otherNode.id(), otherNode.session("s"), List.of());

    Sent sent = await(chat.groupSending(sender, sending, Named.name(group.name()), "to the group", null));
    ConvId conv = ConvId.group(group.id());
    assertEquals(conv, sent.conv());
    assertEquals(1, sent.seq());
    Received delivery = awaitReceived(memberNode, "the group message", message(online, 1));
    assertEquals(List.of(online.id()), delivery.delivery().users());
    assertEquals(conv, delivery.delivery().conv());
    JsonObject event = delivery.event();
    assertEquals(sent.msgId(), event.getString("msg_id"));
    assertEquals(group.toJson(), event.getJsonObject("group"));
    assertEquals(sender.toJson(), event.getJsonObject("from"));
    assertFalse(event.containsKey("to"));
    assertEquals(sent.msgId(), awaitReceived(otherNode, "the sender's copy", message(sender, 1))
        .event().getString("msg_id"));
    assertEquals(sending, awaitReceived(sendingNode, "the sender's copy", message(sender, 1))
        .delivery().exceptSession());

    assertEquals(new ConvPosition(conv, 0, 1, 1), position(chat.open(away, memberNode.id(), memberNode.session("a"),
        List.of()), conv), "the absent member is owed it");
    UserRef late = chat.user();
    chat.join(group, late);
    assertEquals(new ConvPosition(conv, 1, 1, 0), position(chat.open(late, memberNode.id(), memberNode.session("l"),
        List.of()), conv), "a member joining later is owed only what comes after");
  }

  @Test
  @DisplayName("answers group_send errors: not_member, no_such_group, invalid_text, bad_request for a cid")
  void groupSendErrors() throws Exception {
    UserRef member = chat.user();
    UserRef outsider = chat.user();
    GroupRef group = chat.group(member);
    Named named = Named.name(group.name());
    assertEquals(ErrorCode.NOT_MEMBER, refusal(chat.groupSending(outsider, "n/1", named, "hi", null)));
    assertEquals(ErrorCode.NO_SUCH_GROUP,
        refusal(chat.groupSending(member, "n/1", Named.name("nope-" + shortId()), "hi", null)));
    assertEquals(ErrorCode.NO_SUCH_GROUP, refusal(chat.groupSending(member, "n/1", Named.id(987_654_321), "hi", null)));
    assertEquals(ErrorCode.INVALID_TEXT, refusal(chat.groupSending(member, "n/1", named, "", null)));
    assertEquals(ErrorCode.BAD_REQUEST, refusal(chat.groupSending(member, "n/1", named, "hi", "")));
    assertEquals(1, await(chat.groupSending(member, "n/1", named, "hi", null)).seq());
  }

  @Test
  @DisplayName("gives every message a distinct id and its conversation's next seq, none twice")
  void distinctIds() throws Exception {
    UserRef a = chat.user();
    UserRef b = chat.user();
    chat.befriend(a, b);
    List<Future<Sent>> sends = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      sends.add(chat.sending(a, "n/1", Named.id(b.id()), "n" + i, null));
    }
    List<Sent> replies = await(Future.all(sends)).list();
    assertEquals(200, replies.stream().map(Sent::msgId).distinct().count());
    assertEquals(LongStream.rangeClosed(1, 200).boxed().toList(), replies.stream().map(Sent::seq).sorted().toList());
  }

  @Test
  @DisplayName("hands a conversation's messages to each node in seq order, to its own gateway in batches")
  void inOrder() throws Exception {
    UserRef a = chat.user();
    UserRef b = chat.user();
    chat.befriend(a, b);
    PlayedNode remote = node();
    PlayedNode local = localGateway();
    chat.open(b, remote.id(), remote.session("b"), List.of());
    chat.open(b, local.id(), local.session("b"), List.of());
    List<Future<Sent>> sends = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      sends.add(chat.sending(a, "n/1", Named.id(b.id()), "m" + i, null));
    }
    await(Future.all(sends));
    List<Long> expected = LongStream.rangeClosed(1, 40).boxed().toList();
    eventually("every message at the remote node", () -> remote.messagesFor(b.id()).size() == 40);
    assertEquals(expected, seqs(remote.messagesFor(b.id())));
    eventually("every message at this node's gateway", () -> local.messagesFor(b.id()).size() == 40);
    assertEquals(expected, seqs(local.messagesFor(b.id())));
    assertTrue(local.messagesFor(b.id()).stream().allMatch(Received::batched));
  }

  // ---- session_open: positions, and the cursors other nodes hold ----

  @Test
  @DisplayName("opens a session with the user's position in each conversation and the count of what it replays, after the cursors written")
  void positions() throws Exception {
    UserRef a = chat.user();
    UserRef b = chat.user();
    chat.befriend(a, b);
    GroupRef group = chat.group(a);
    for (int i = 1; i <= 3; i++) {
      chat.send(a, "n/1", b, "direct " + i);
      chat.groupSend(a, "n/1", group, "group " + i);
    }
    chat.join(group, b);
    chat.groupSend(a, "n/1", group, "group 4");
    ConvId direct = ConvId.direct(a.id(), b.id());
    ConvId groupConv = ConvId.group(group.id());
    chat.ask(Actions.Message.CURSORS, new CursorMoves(List.of(new CursorMove(b.id(), direct, 1))));

    PlayedNode node = node();
    Opened opened = chat.open(b, node.id(), node.session("b"), List.of(a.id()));
    assertEquals(new ConvPosition(direct, 1, 3, 2), position(opened, direct));
    assertEquals(new ConvPosition(groupConv, 3, 4, 1), position(opened, groupConv));
    assertEquals(3, opened.offline());
  }

  @Test
  @DisplayName("has the user's other nodes write the cursors they hold before it reads a new session's positions")
  void openFlushesOtherNodes() throws Exception {
    UserRef a = chat.user();
    UserRef b = chat.user();
    chat.befriend(a, b);
    PlayedNode first = node();
    PlayedNode second = node();
    chat.open(b, first.id(), first.session("b"), List.of());
    chat.send(a, "n/1", b, "one");
    chat.send(a, "n/1", b, "two");
    ConvId conv = ConvId.direct(a.id(), b.id());
    awaitReceived(first, "the second message", message(b, 2));
    // The first node has written both to b's session: it holds the cursor at 2, and writes it when asked.
    first.onFlush(user -> chat.request(Actions.Message.CURSORS,
        new CursorMoves(List.of(new CursorMove(user.userId(), conv, 2)))));

    Opened opened = chat.open(b, second.id(), second.session("b"), List.of());
    assertEquals(List.of(b.id()), first.flushed());
    assertEquals(List.of(), second.flushed(), "the opening node writes its own before it asks");
    assertEquals(new ConvPosition(conv, 2, 2, 0), position(opened, conv));
    assertEquals(0, opened.offline());
  }

  @Test
  @DisplayName("opens the session anyway when another node of the user does not answer the flush, after a bounded wait")
  void openDespiteSilentNode() throws Exception {
    UserRef a = chat.user();
    UserRef b = chat.user();
    chat.befriend(a, b);
    PlayedNode hanging = node();
    PlayedNode second = node();
    chat.open(b, hanging.id(), hanging.session("b"), List.of());
    hanging.onFlush(user -> Future.<Empty>future(never -> { }));
    chat.send(a, "n/1", b, "one");
    ConvId conv = ConvId.direct(a.id(), b.id());

    // Well within the test's 5 s request timeout: the wait is an eighth of the service's 8 s.
    Opened opened = chat.open(b, second.id(), second.session("b"), List.of());
    assertEquals(List.of(b.id()), hanging.flushed());
    assertEquals(new ConvPosition(conv, 0, 1, 1), position(opened, conv));
  }

  // ---- reads of the log ----

  /** Two friends' five messages, a group's three after them, and an outsider. */
  private record Talk(UserRef a, UserRef b, UserRef outsider, GroupRef group, List<Sent> direct, List<Sent> grouped) {

    ConvId directConv() {
      return ConvId.direct(a.id(), b.id());
    }

    ConvId groupConv() {
      return ConvId.group(group.id());
    }
  }

  private Talk talk() throws Exception {
    UserRef a = chat.user();
    UserRef b = chat.user();
    UserRef outsider = chat.user();
    chat.befriend(a, b);
    chat.befriend(a, outsider);
    GroupRef group = chat.group(a, b);
    List<Sent> direct = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      direct.add(i % 2 == 1 ? chat.send(a, "n/a", b, "d" + i) : chat.send(b, "n/b", a, "d" + i));
    }
    List<Sent> grouped = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      grouped.add(chat.groupSend(i == 2 ? b : a, "n/1", group, "g" + i));
    }
    return new Talk(a, b, outsider, group, direct, grouped);
  }

  @Test
  @DisplayName("pages a conversation's history, named by conv, with or group, for its participants")
  void history() throws Exception {
    Talk talk = talk();
    UserRef a = talk.a();
    UserRef b = talk.b();
    String conv = talk.directConv().toString();

    HistoryPage all = chat.ask(Actions.Message.HISTORY, historyOf(a, conv, null, null, null, null, null));
    assertEquals(talk.directConv(), all.conv());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqsOf(all.messages()));
    assertFalse(all.more());
    ChatMessage second = all.messages().get(1);
    assertEquals(talk.direct().get(1).msgId(), second.msgId());
    assertEquals(talk.direct().get(1).ts(), second.ts());
    assertEquals(b, second.from());
    assertEquals(a.id(), second.to());
    assertEquals("d2", second.text());

    HistoryPage latest = chat.ask(Actions.Message.HISTORY, historyOf(b, null, Named.name(a.name()), null, null, null, 2));
    assertEquals(List.of(4L, 5L), seqsOf(latest.messages()));
    assertTrue(latest.more());
    HistoryPage before = chat.ask(Actions.Message.HISTORY, historyOf(a, null, Named.id(b.id()), null, 4L, null, 2));
    assertEquals(List.of(2L, 3L), seqsOf(before.messages()));
    assertTrue(before.more());
    HistoryPage after = chat.ask(Actions.Message.HISTORY, historyOf(a, conv, null, null, null, 3L, 5));
    assertEquals(List.of(4L, 5L), seqsOf(after.messages()));
    assertFalse(after.more());

    HistoryPage byGroup = chat.ask(Actions.Message.HISTORY, historyOf(b, null, null, Named.name(talk.group().name()),
        null, null, null));
    assertEquals(talk.groupConv(), byGroup.conv());
    assertEquals(List.of("g1", "g2", "g3"), byGroup.messages().stream().map(ChatMessage::text).toList());
    assertEquals(talk.group(), byGroup.messages().get(0).group());
    assertEquals(byGroup, chat.ask(Actions.Message.HISTORY, historyOf(a, talk.groupConv().toString(), null, null,
        null, null, null)));

    chat.unfriend(a, b);
    assertEquals(5, chat.ask(Actions.Message.HISTORY, historyOf(b, conv, null, null, null, null, null)).messages().size(),
        "a direct conversation stays readable by its two users");
  }

  @Test
  @DisplayName("refuses history to others (not_member), for unknown users and groups, and for malformed requests (bad_request)")
  void historyRefusals() throws Exception {
    Talk talk = talk();
    UserRef a = talk.a();
    UserRef outsider = talk.outsider();
    String conv = talk.directConv().toString();
    Named group = Named.id(talk.group().id());
    List<HistoryRequest> notMember = List.of(
        historyOf(outsider, conv, null, null, null, null, null),
        historyOf(outsider, null, null, group, null, null, null),
        historyOf(outsider, talk.groupConv().toString(), null, null, null, null, null));
    for (HistoryRequest request : notMember) {
      assertEquals(ErrorCode.NOT_MEMBER, refusal(chat.request(Actions.Message.HISTORY, request)), request.toString());
    }
    assertEquals(ErrorCode.NO_SUCH_USER, refusal(chat.request(Actions.Message.HISTORY,
        historyOf(a, null, Named.name("nobody-" + shortId()), null, null, null, null))));
    assertEquals(ErrorCode.NO_SUCH_USER, refusal(chat.request(Actions.Message.HISTORY,
        historyOf(a, "d:" + a.id() + ":987654321", null, null, null, null, null))));
    assertEquals(ErrorCode.NO_SUCH_GROUP, refusal(chat.request(Actions.Message.HISTORY,
        historyOf(a, null, null, Named.name("nope-" + shortId()), null, null, null))));
    assertEquals(ErrorCode.NO_SUCH_GROUP, refusal(chat.request(Actions.Message.HISTORY,
        historyOf(a, "g:987654321", null, null, null, null, null))));

    String reversed = "d:" + talk.directConv().second() + ":" + talk.directConv().first();
    List<HistoryRequest> bad = List.of(
        historyOf(a, "x", null, null, null, null, null),
        historyOf(a, reversed, null, null, null, null, null),
        historyOf(a, "d:0" + talk.directConv().first() + ":" + talk.directConv().second(), null, null, null, null, null),
        historyOf(a, null, null, null, null, null, null),
        historyOf(a, conv, null, group, null, null, null),
        historyOf(a, null, Named.id(a.id()), null, null, null, null),
        historyOf(a, conv, null, null, 3L, 1L, null),
        historyOf(a, conv, null, null, -1L, null, null),
        historyOf(a, conv, null, null, null, null, 0),
        historyOf(a, conv, null, null, null, null, 201));
    for (HistoryRequest request : bad) {
      assertEquals(ErrorCode.BAD_REQUEST, refusal(chat.request(Actions.Message.HISTORY, request)), request.toString());
    }

    chat.leave(talk.group(), talk.b());
    assertEquals(ErrorCode.NOT_MEMBER, refusal(chat.request(Actions.Message.HISTORY,
        historyOf(talk.b(), null, null, group, null, null, null))), "a member who left reads the group no more");
  }

  @Test
  @DisplayName("lists a user's conversations that hold a message, the most recently active first, with the cursor")
  void conversations() throws Exception {
    Talk talk = talk();
    UserRef a = talk.a();
    chat.ask(Actions.Message.CURSORS, new CursorMoves(List.of(new CursorMove(a.id(), talk.directConv(), 4))));
    GroupRef silent = chat.group(a);

    List<ConversationEntry> convs = chat.ask(Actions.Message.CONVERSATIONS, new OfUser(a.id())).convs();
    Sent lastGroup = talk.grouped().get(2);
    Sent lastDirect = talk.direct().get(4);
    assertEquals(List.of(
        new ConversationEntry(talk.groupConv(), null, talk.group(), 3, lastGroup.ts(), 0),
        new ConversationEntry(talk.directConv(), talk.b(), null, 5, lastDirect.ts(), 4)), convs,
        "not the outsider's (no message) nor " + silent + "'s (empty)");
    assertEquals(List.of(), chat.ask(Actions.Message.CONVERSATIONS, new OfUser(talk.outsider().id())).convs());
  }

  @Test
  @DisplayName("allows an ack up to a readable conversation's last seq: bad_request beyond it or for a malformed conv, not_member for others, no_such_user for one with nobody")
  void ackCheck() throws Exception {
    Talk talk = talk();
    UserRef a = talk.a();
    UserRef outsider = talk.outsider();
    String direct = talk.directConv().toString();
    String group = talk.groupConv().toString();
    for (AckCheck allowed : List.of(new AckCheck(caller(a), direct, 5), new AckCheck(caller(a), direct, 0),
        new AckCheck(caller(talk.b()), group, 3), new AckCheck(caller(a), ConvId.direct(a.id(), outsider.id()).toString(), 0))) {
      assertEquals(Empty.INSTANCE, chat.ask(Actions.Message.ACK_CHECK, allowed), allowed.toString());
    }
    List<AckCheck> bad = List.of(new AckCheck(caller(a), direct, 6), new AckCheck(caller(a), group, 4),
        new AckCheck(caller(a), direct, -1), new AckCheck(caller(a), "d:x", 1),
        new AckCheck(caller(a), ConvId.direct(a.id(), outsider.id()).toString(), 1));
    for (AckCheck request : bad) {
      assertEquals(ErrorCode.BAD_REQUEST, refusal(chat.request(Actions.Message.ACK_CHECK, request)), request.toString());
    }
    for (AckCheck request : List.of(new AckCheck(caller(outsider), direct, 1), new AckCheck(caller(outsider), group, 1))) {
      assertEquals(ErrorCode.NOT_MEMBER, refusal(chat.request(Actions.Message.ACK_CHECK, request)), request.toString());
    }
    String withNobody = ConvId.direct(a.id(), Integer.MAX_VALUE).toString();
    for (long seq : new long[] {0, 1}) {
      assertEquals(ErrorCode.NO_SUCH_USER, refusal(chat.request(Actions.Message.ACK_CHECK,
          new AckCheck(caller(a), withNobody, seq))), withNobody + " " + seq);
    }
  }

  @Test
  @DisplayName("writes the cursors a gateway gathered, and never moves one back")
  void cursors() throws Exception {
    Talk talk = talk();
    UserRef b = talk.b();
    ConvId direct = talk.directConv();
    ConvId group = talk.groupConv();
    chat.ask(Actions.Message.CURSORS, new CursorMoves(List.of(new CursorMove(b.id(), direct, 4),
        new CursorMove(b.id(), group, 1))));
    chat.ask(Actions.Message.CURSORS, new CursorMoves(List.of(new CursorMove(b.id(), direct, 2))));
    PlayedNode node = node();
    Opened opened = chat.open(b, node.id(), node.session("b"), List.of());
    assertEquals(4, position(opened, direct).acked(), "a move back changes nothing");
    assertEquals(1, position(opened, group).acked());
    assertEquals(1, position(opened, direct).unread(), "a's fifth message");
    assertEquals(1, position(opened, group).unread(), "a's third; the second is b's own");
  }

  @Test
  @DisplayName("gives the heads of every conversation of the users asked for, with where each user's part began")
  void heads() throws Exception {
    Talk talk = talk();
    UserRef late = chat.user();
    chat.join(talk.group(), late);
    UserRef nobody = chat.user();
    List<UserHeads> heads = chat.ask(Actions.Message.HEADS,
        new HeadsRequest(List.of(talk.a().id(), late.id(), nobody.id()))).users();
    assertEquals(List.of(talk.a().id(), late.id(), nobody.id()), heads.stream().map(UserHeads::user).toList());
    assertEquals(Set.of(new ConvHead(talk.directConv(), 5, 0), new ConvHead(talk.groupConv(), 3, 0)),
        new HashSet<>(heads.get(0).heads()));
    assertEquals(List.of(new ConvHead(talk.groupConv(), 3, 3)), heads.get(1).heads());
    assertEquals(List.of(), heads.get(2).heads());
  }

  @Test
  @DisplayName("reads pages of the log for a session: oldest first across conversations, only what the user may read")
  void logRead() throws Exception {
    Talk talk = talk();
    UserRef b = talk.b();
    List<ConvRange> both = List.of(new ConvRange(talk.directConv(), 0, 5), new ConvRange(talk.groupConv(), 0, 3));
    List<ChatMessage> page = chat.ask(Actions.Message.LOG_READ, new LogRead(b.id(), both, false, 100)).messages();
    List<ChatMessage> expected = new ArrayList<>(page);
    expected.sort(Comparator.comparingLong(ChatMessage::ts).thenComparing(m -> m.conv().toString())
        .thenComparingLong(ChatMessage::seq));
    assertEquals(expected, page);
    assertEquals(List.of("d1", "d2", "d3", "d4", "d5", "g1", "g2", "g3"),
        page.stream().map(ChatMessage::text).sorted().toList());

    List<ChatMessage> others = chat.ask(Actions.Message.LOG_READ, new LogRead(b.id(), both, true, 100)).messages();
    assertEquals(page.stream().filter(m -> m.from().id() != b.id()).toList(), others, "without b's own");
    assertEquals(page.subList(0, 3), chat.ask(Actions.Message.LOG_READ, new LogRead(b.id(), both, false, 3)).messages());
    assertEquals(List.of("d3", "d4"), chat.ask(Actions.Message.LOG_READ, new LogRead(b.id(),
        List.of(new ConvRange(talk.directConv(), 2, 4)), false, 10)).messages().stream().map(ChatMessage::text).toList());

    UserRef late = chat.user();
    chat.join(talk.group(), late);
    assertEquals(List.of(), chat.ask(Actions.Message.LOG_READ, new LogRead(late.id(),
        List.of(new ConvRange(talk.groupConv(), 0, 3)), false, 10)).messages(), "a group's log before the join");
    assertEquals(List.of(), chat.ask(Actions.Message.LOG_READ, new LogRead(talk.outsider().id(),
        List.of(new ConvRange(talk.directConv(), 0, 5)), false, 10)).messages(), "others' conversation");
  }

  // ---- notify ----

  @Test
  @DisplayName("hands an event to the live sessions of the users named, looking a user missing from the mirror up in the registry")
  void notifyEvent() throws Exception {
    UserRef a = chat.user();
    UserRef away = chat.user();
    UserRef unheard = chat.user();
    PlayedNode node = node();
    PlayedNode local = localGateway();
    PlayedNode unheardNode = node();
    chat.open(a, node.id(), node.session("a"), List.of());
    chat.open(a, local.id(), local.session("a"), List.of());
    chat.registerUnheard(unheard, unheardNode.id(), unheardNode.session("u"));
    String event = new JsonObject().put("event", "friend_added").put("user", new JsonObject().put("id", 1)
        .put("name", "x").put("online", true)).encode();

    chat.ask(Actions.Message.NOTIFY, new Notify(List.of(a.id(), away.id(), unheard.id()), null, event));
    Received atNode = awaitReceived(node, "the event", r -> r.delivery().event().text().equals(event));
    assertEquals(List.of(a.id()), atNode.delivery().users());
    assertNull(atNode.delivery().conv());
    assertNull(atNode.delivery().presence());
    assertTrue(awaitReceived(local, "the event", r -> r.delivery().event().text().equals(event)).batched());
    assertEquals(List.of(unheard.id()),
        awaitReceived(unheardNode, "the event", r -> r.delivery().event().text().equals(event)).delivery().users());
    for (PlayedNode played : List.of(node, local, unheardNode)) {
      assertEquals(List.of(), played.received(r -> r.names(away.id())), "nothing for a user with no session");
    }
  }
}
