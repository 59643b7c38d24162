package io.chat.gateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.ServiceClient;
import io.chat.common.bus.message.ConvRange;
import io.chat.common.bus.message.CursorMove;
import io.chat.common.bus.message.HeadsRequest;
import io.chat.common.bus.message.LogRead;
import io.chat.common.bus.message.NodeRef;
import io.chat.common.bus.message.SessionRef;
import io.chat.common.bus.message.SessionsRestore;
import io.chat.common.bus.node.Deliveries;
import io.chat.common.bus.node.Delivery;
import io.chat.common.bus.node.PresenceTag;
import io.chat.common.bus.social.OfUser;
import io.chat.common.config.ChatConfig;
import io.chat.common.config.ConfigKeys;
import io.chat.common.config.ConfigLoader;
import io.chat.common.model.Caller;
import io.chat.common.model.ChatMessage;
import io.chat.common.model.ConvId;
import io.chat.common.model.UserRef;
import io.chat.common.protocol.Events;
import io.chat.gateway.Gateway;
import io.chat.gateway.session.ConvFeed;
import io.chat.gateway.session.Session;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The node's delivery address with the node's real sessions behind it (the gateway's
 * {@code SessionManager}: registry, feeds, cursor book), each session writing to a connection
 * of its own on an event loop of its own ({@link RecordingSink}). The test plays the message
 * service on both sides: it hands the node deliveries as the route layer does, and answers what
 * the node and its sessions ask ({@link PlayedMessageService}: heads, log reads, cursors,
 * heartbeats).
 *
 * <p>Longer than our classes usually are: one test class per verticle, and what this one does
 * for a session (order, repeats, gaps, the login's replay) is only seen through a session.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The delivery verticle")
class DeliveryVerticleTest {

  private static final AtomicInteger IDS = new AtomicInteger(1_000);
  private static final int REPLAY_PAGE = 50;
  private static final long WAIT_MILLIS = 5_000;

  private Vertx vertx;
  private String nodeId;
  private Gateway gateway;
  private PlayedMessageService service;
  private ServiceClient routeLayer;

  /** A session of a user, and the connection it writes to. */
  private record LoggedIn(UserRef user, Session session, RecordingSink sink) {
  }

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    nodeId = "delivery-" + UUID.randomUUID().toString().substring(0, 8);
    // A presence TTL of one second: a heartbeat every 333 ms.
    ChatConfig config = new ChatConfig(ConfigLoader.defaults().put(ConfigKeys.NODE, nodeId)
        .put(ConfigKeys.PRESENCE_TTL, 1).put(ConfigKeys.REQUEST_TIMEOUT, 2_000));
    service = await(PlayedMessageService.start(vertx));
    gateway = new Gateway(vertx, config);
    routeLayer = new ServiceClient(vertx.eventBus(), 5_000);
    await(vertx.deployVerticle(new DeliveryVerticle(gateway)));
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** Waits until the condition holds; fails the test after WAIT_MILLIS. */
  private static void eventually(String what, Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (!condition.get()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("waited in vain for " + what);
      }
      Thread.sleep(10);
    }
  }

  private static UserRef user() {
    int id = IDS.incrementAndGet();
    return new UserRef(id, "user" + id);
  }

  /** Runs an action on the session's context, where its feed lives. */
  private static <T> Future<T> on(LoggedIn client, Supplier<Future<T>> action) {
    return on(client.sink(), action);
  }

  private static <T> Future<T> on(RecordingSink sink, Supplier<Future<T>> action) {
    Promise<T> done = Promise.promise();
    sink.context().runOnContext(v -> action.get().onComplete(done));
    return done.future();
  }

  /** Does to a session's feed what the dispatcher does around a send, on the session's context. */
  private static void onFeed(LoggedIn client, Consumer<ConvFeed> action) throws Exception {
    await(on(client, () -> {
      action.accept(client.session().feed());
      return Future.succeededFuture();
    }));
  }

  private RecordingSink newSink() {
    return new RecordingSink(((VertxInternal) vertx).createEventLoopContext());
  }

  /** A login as the gateway makes it: the session opens, replays what the log holds for it, and goes live. */
  private LoggedIn login(UserRef user, boolean acknowledging) throws Exception {
    RecordingSink sink = newSink();
    Session session = gateway.sessions().open(new Caller(user.id(), user.name()), acknowledging, "t-" + user.id(),
        sink);
    await(on(sink, () -> session.feed().replay(service.positions(user.id()), REPLAY_PAGE)));
    return new LoggedIn(user, session, sink);
  }

  private LoggedIn login(UserRef user) throws Exception {
    return login(user, false);
  }

  /**
   * A conversation with a first message both users have received: their sessions know it from
   * their login (no read of where it starts), so what comes next is written as it arrives.
   */
  private void knownConversation(UserRef a, UserRef b) {
    ChatMessage first = service.append(a, b, "before the login");
    service.received(a.id(), first.conv(), first.seq());
    service.received(b.id(), first.conv(), first.seq());
  }

  private static List<Integer> ids(UserRef... users) {
    return Arrays.stream(users).map(UserRef::id).toList();
  }

  /** A committed message for some users' sessions, as the route layer hands it over. */
  private static Delivery delivery(ChatMessage message, String exceptSession, UserRef... users) {
    return Delivery.message(ids(users), exceptSession, message);
  }

  private static Delivery event(JsonObject event, UserRef... users) {
    return Delivery.event(ids(users), null, event.encode(), null);
  }

  private static JsonObject fence(String name) {
    return new JsonObject().put("event", "friend_added").put("user", new JsonObject().put("id", 1).put("name", name)
        .put("online", true));
  }

  private Future<?> delivering(Delivery delivery) {
    return routeLayer.request(Actions.Node.DELIVER.at(Addresses.node(nodeId)), delivery);
  }

  private void deliver(Delivery delivery) throws Exception {
    await(delivering(delivery));
  }

  private static void awaitTexts(LoggedIn client, int count) throws InterruptedException {
    eventually(count + " messages written to " + client.session().id(), () -> client.sink().texts().size() >= count);
  }

  private static boolean hasMove(List<CursorMove> moves, UserRef user, ConvId conv, long seq) {
    return moves.stream().anyMatch(move -> move.user() == user.id() && move.conv().equals(conv) && move.seq() == seq);
  }

  private List<LogRead> readsOf(UserRef user) {
    return service.reads().stream().filter(read -> read.user() == user.id()).toList();
  }

  @Test
  @DisplayName("writes each message to every session of the users it names, in the order given, and nothing to a closed one")
  void everySessionInOrder() throws Exception {
    UserRef alice = user();
    UserRef bob = user();
    LoggedIn alice1 = login(alice);
    LoggedIn alice2 = login(alice);
    LoggedIn bob1 = login(bob);
    LoggedIn closed = login(alice);
    await(on(closed, () -> gateway.sessions().close(closed.session())));
    List<String> texts = List.of("one", "two", "three", "four", "five");
    for (String text : texts) {
      deliver(delivery(service.append(alice, bob, text), null, alice, bob));
    }
    for (LoggedIn client : List.of(alice1, alice2, bob1)) {
      awaitTexts(client, texts.size());
      assertEquals(texts, client.sink().texts(), client.session().id());
    }
    assertEquals(List.of(), closed.sink().frames());
  }

  @Test
  @DisplayName("leaves out the session that sent a message, whose own seq then counts without a read of the log")
  void exceptTheSendingSession() throws Exception {
    UserRef alice = user();
    UserRef bob = user();
    knownConversation(alice, bob);
    LoggedIn sending = login(alice);
    LoggedIn other = login(alice);
    LoggedIn bob1 = login(bob);
    ChatMessage sent = service.append(alice, bob, "from the sending session");
    // As the dispatcher does: a send in flight, then the delivery, then the reply naming its seq.
    onFeed(sending, ConvFeed::sending);
    deliver(delivery(sent, sending.session().id(), alice, bob));
    JsonObject fence = fence("fence");
    deliver(event(fence, alice));
    eventually("the fence", () -> sending.sink().frames().contains(fence) && other.sink().frames().contains(fence));
    assertEquals(List.of(fence), sending.sink().frames(), "the sending session gets its message no more");
    assertEquals(List.of("from the sending session"), other.sink().texts());
    awaitTexts(bob1, 1);

    onFeed(sending, feed -> feed.sent(sent.conv(), sent.seq()));
    deliver(delivery(service.append(bob, alice, "reply"), null, alice, bob));
    awaitTexts(sending, 1);
    // Twice the time a feed waits for a gap to fill before it reads the log.
    Thread.sleep(300);
    assertEquals(List.of("reply"), sending.sink().texts());
    assertEquals(List.of(), readsOf(alice), "no gap was read");
  }

  @Test
  @DisplayName("reads a gap whose wait ended during a send of the session only once that send is answered")
  void gapReadAfterSend() throws Exception {
    UserRef alice = user();
    UserRef bob = user();
    knownConversation(alice, bob);
    LoggedIn client = login(alice);
    List<ChatMessage> messages = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      messages.add(service.append(bob, alice, "m" + i));
    }
    onFeed(client, ConvFeed::sending);
    // The second message's delivery was lost; while the send is in flight it could be that one.
    deliver(delivery(messages.get(0), null, alice));
    deliver(delivery(messages.get(2), null, alice));
    awaitTexts(client, 1);
    // Twice the time a feed waits for a gap to fill before it reads the log.
    Thread.sleep(300);
    assertEquals(List.of("m1"), client.sink().texts());
    assertEquals(List.of(), readsOf(alice), "no read while the send is in flight");

    onFeed(client, feed -> feed.sent(null, 0));
    awaitTexts(client, 3);
    assertEquals(List.of("m1", "m2", "m3"), client.sink().texts());
    assertEquals(1, readsOf(alice).size(), "the gap, read once the send failed");
  }

  @Test
  @DisplayName("writes the events of a batch to every session of the users they name, in the batch's order")
  void batchInOrder() throws Exception {
    UserRef alice = user();
    UserRef bob = user();
    UserRef carol = user();
    knownConversation(alice, bob);
    knownConversation(carol, alice);
    LoggedIn alice1 = login(alice);
    LoggedIn alice2 = login(alice);
    LoggedIn bob1 = login(bob);
    List<Delivery> batch = new ArrayList<>();
    List<String> forAlice = new ArrayList<>();
    List<String> forBob = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String text = "batched " + i;
      if (i % 10 == 5) {
        // An event that is no message, between them.
        JsonObject fence = fence(text);
        batch.add(event(fence, alice, bob));
        forAlice.add(text);
        forBob.add(text);
      } else if (i % 2 == 0) {
        batch.add(delivery(service.append(alice, bob, text), null, alice, bob));
        forAlice.add(text);
        forBob.add(text);
      } else {
        batch.add(delivery(service.append(carol, alice, text), null, alice));
        forAlice.add(text);
      }
    }
    await(routeLayer.request(Actions.Node.DELIVER_BATCH.at(Addresses.node(nodeId)), new Deliveries(batch)));
    for (LoggedIn client : List.of(alice1, alice2)) {
      eventually("the batch", () -> client.sink().frames().size() == forAlice.size());
      assertEquals(forAlice, labels(client.sink()));
    }
    eventually("bob's part of the batch", () -> bob1.sink().frames().size() == forBob.size());
    assertEquals(forBob, labels(bob1.sink()));
  }

  /** Each frame as its text (a message) or its user's name (the events of these tests). */
  private static List<String> labels(RecordingSink sink) {
    return sink.frames().stream().map(frame -> frame.containsKey("text") ? frame.getString("text")
        : frame.getJsonObject("user").getString("name")).toList();
  }

  @Test
  @DisplayName("drops a presence event older than one it already wrote for the same user")
  void newestPresenceWins() throws Exception {
    UserRef alice = user();
    UserRef far = user();
    LoggedIn client = login(alice);
    // The login on one node (version 20) overtook the last logout on another (10); then a logout (30).
    deliver(presence(far, true, 20, alice));
    deliver(presence(far, false, 10, alice));
    deliver(presence(far, false, 30, alice));
    JsonObject fence = fence("fence");
    deliver(event(fence, alice));
    eventually("the fence", () -> client.sink().frames().contains(fence));
    assertEquals(List.of(true, false), client.sink().frames().stream()
        .filter(frame -> "presence".equals(frame.getString("event"))).map(frame -> frame.getBoolean("online")).toList());
  }

  private static Delivery presence(UserRef user, boolean online, long version, UserRef recipient) {
    return Delivery.event(ids(recipient), null, Events.presence(user.toJson(), online).encode(),
        new PresenceTag(user.id(), version));
  }

  @Test
  @DisplayName("writes the cursors it holds for a user when asked to, before it answers")
  void flushCursors() throws Exception {
    UserRef alice = user();
    UserRef bob = user();
    LoggedIn client = login(alice);
    client.sink().hold();
    ChatMessage last = null;
    for (int i = 1; i <= 3; i++) {
      last = service.append(bob, alice, "m" + i);
      deliver(delivery(last, null, alice));
    }
    eventually("the messages written", () -> client.sink().texts().size() == 3);
    ConvId conv = last.conv();
    assertFalse(hasMove(service.moves(), alice, conv, 3), "nothing is received before the socket took it");

    // The socket takes them (the cursor moves to 3 in the node's book), and at once another node asks.
    List<CursorMove> written = await(on(client, () -> {
      client.sink().release();
      return routeLayer.request(Actions.Node.FLUSH_CURSORS.at(Addresses.node(nodeId)), new OfUser(alice.id()))
          .map(flushed -> service.moves());
    }));
    assertTrue(hasMove(written, alice, conv, 3), "written before the answer: " + written);
  }

  @Test
  @DisplayName("writes the cursors its sessions moved a few times a second, unasked; an acknowledging session's not")
  void periodicCursorWrite() throws Exception {
    UserRef alice = user();
    UserRef dave = user();
    UserRef bob = user();
    LoggedIn client = login(alice);
    LoggedIn acknowledging = login(dave, true);
    ChatMessage toDave = service.append(bob, dave, "for dave");
    deliver(delivery(toDave, null, dave));
    awaitTexts(acknowledging, 1);
    ChatMessage toAlice = null;
    for (int i = 1; i <= 3; i++) {
      toAlice = service.append(bob, alice, "m" + i);
      deliver(delivery(toAlice, null, alice));
    }
    ConvId conv = toAlice.conv();
    eventually("alice's cursor written", () -> hasMove(service.moves(), alice, conv, 3));
    assertTrue(service.moves().stream().noneMatch(move -> move.user() == dave.id()),
        "a session that acknowledges moves its cursor by its acks only");
  }

  @Test
  @DisplayName("writes a cursor again after a failed write, and one move, the furthest, for two sessions of a user")
  void cursorWriteRetried() throws Exception {
    UserRef alice = user();
    UserRef bob = user();
    service.failCursorWrites(1);
    LoggedIn phone = login(alice);
    LoggedIn laptop = login(alice);
    phone.sink().hold();
    laptop.sink().hold();
    ChatMessage last = null;
    for (int i = 1; i <= 3; i++) {
      last = service.append(bob, alice, "m" + i);
      deliver(delivery(last, null, alice));
    }
    awaitTexts(phone, 3);
    awaitTexts(laptop, 3);
    ConvId conv = last.conv();
    // Both sockets take them at once: the first write after (a few times a second) fails, the next holds both.
    for (LoggedIn session : List.of(phone, laptop)) {
      await(on(session, () -> {
        session.sink().release();
        return Future.succeededFuture();
      }));
    }
    eventually("alice's cursor written after the failed write", () -> hasMove(service.moves(), alice, conv, 3));
    assertEquals(1, service.cursorWritesFailed());
    List<CursorMove> written = service.moves().stream()
        .filter(move -> move.user() == alice.id() && move.conv().equals(conv)).toList();
    assertEquals(1, written.size(), "one move for both sessions, written once: " + written);
  }

  /** A login whose own heads check, a second after it, is over. */
  private LoggedIn loginChecked(UserRef user) throws Exception {
    LoggedIn client = login(user);
    eventually("the session's own check", () -> service.headsAsked().stream().map(HeadsRequest::users)
        .anyMatch(users -> users.contains(user.id())));
    return client;
  }

  /** Another node left the cluster, as Hazelcast tells the node. */
  private void nodeLeft() {
    vertx.eventBus().publish(Addresses.NODE_LEFT, new NodeRef("dead").toJson(), new DeliveryOptions().setLocalOnly(true));
  }

  @Test
  @DisplayName("has every session check the heads of its conversations when a node leaves, and read what it missed")
  void nodeLeftChecksHeads() throws Exception {
    UserRef alice = user();
    UserRef bob = user();
    LoggedIn alice1 = login(alice);
    LoggedIn bob1 = login(bob);
    // Each session checks its heads a second after its login; that check is over before the node leaves.
    eventually("the sessions' own checks", () -> service.headsAsked().stream().map(HeadsRequest::users)
        .flatMap(List::stream).collect(Collectors.toSet()).containsAll(ids(alice, bob)));
    int asked = service.headsAsked().size();
    // Committed by a node that died before it delivered them.
    List<String> missed = List.of("lost 1", "lost 2", "lost 3");
    missed.forEach(text -> service.append(alice, bob, text));

    nodeLeft();
    for (LoggedIn client : List.of(alice1, bob1)) {
      awaitTexts(client, missed.size());
      assertEquals(missed, client.sink().texts());
    }
    assertEquals(Set.of(alice.id(), bob.id()), Set.copyOf(service.headsAsked().get(asked).users()),
        "one request for the users of the node's sessions");
  }

  @Test
  @DisplayName("checks a session's heads a moment after its login, again while that fails, and writes what no node sent it")
  void loginHeadsCheckRetried() throws Exception {
    UserRef alice = user();
    UserRef bob = user();
    service.failHeads(2);
    LoggedIn bob1 = login(bob);
    // Committed by a node whose presence mirror had not yet seen this session: never delivered to it.
    service.append(alice, bob, "unsent");
    awaitTexts(bob1, 1);
    assertEquals(List.of("unsent"), bob1.sink().texts());
    assertEquals(3, service.headsAsked().size(), "two failed checks, then one answered");
  }

  @Test
  @DisplayName("asks for the heads again when the request made as a node leaves fails, and reads what was missed")
  void nodeLeftHeadsRetried() throws Exception {
    UserRef alice = user();
    UserRef bob = user();
    LoggedIn bob1 = loginChecked(bob);
    int asked = service.headsAsked().size();
    // The last message of its conversation, committed by a node that died before it delivered it.
    service.append(alice, bob, "lost");
    service.failHeads(2);

    nodeLeft();
    awaitTexts(bob1, 1);
    assertEquals(List.of("lost"), bob1.sink().texts());
    assertEquals(3, service.headsAsked().size() - asked, "two failed requests, then one answered");
  }

  @Test
  @DisplayName("reads again what the heads found missing when the first read of the log fails")
  void headsReadRetried() throws Exception {
    UserRef alice = user();
    UserRef bob = user();
    LoggedIn bob1 = loginChecked(bob);
    // The last message of its conversation, committed by a node that died before it delivered it;
    // the heads are answered, the read that follows meets the dead node.
    service.append(alice, bob, "lost");
    service.failReads(1);

    nodeLeft();
    awaitTexts(bob1, 1);
    assertEquals(List.of("lost"), bob1.sink().texts());
    assertEquals(2, readsOf(bob).size(), "one failed read, then one answered");
  }

  @Test
  @DisplayName("writes the first message of a direct conversation met after the login at once, without asking where it starts")
  void newDirectConversation() throws Exception {
    UserRef alice = user();
    UserRef bob = user();
    LoggedIn client = login(alice);
    // Were the start asked, the message would wait for answers that never come.
    service.failHeads(Integer.MAX_VALUE);
    deliver(delivery(service.append(bob, alice, "hello, new friend"), null, alice));
    awaitTexts(client, 1);
    assertEquals(List.of("hello, new friend"), client.sink().texts());
    assertEquals(List.of(), readsOf(alice), "nothing read from the log");
  }

  @Test
  @DisplayName("writes a conversation's messages that arrive out of seq order in seq order")
  void outOfOrder() throws Exception {
    UserRef alice = user();
    UserRef bob = user();
    LoggedIn client = login(alice);
    List<ChatMessage> messages = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      messages.add(service.append(bob, alice, "m" + i));
    }
    await(Future.all(delivering(delivery(messages.get(2), null, alice)), delivering(delivery(messages.get(0), null, alice)),
        delivering(delivery(messages.get(1), null, alice))));
    awaitTexts(client, 3);
    assertEquals(List.of("m1", "m2", "m3"), client.sink().texts());
    assertEquals(List.of(1L, 2L, 3L), client.sink().messages().stream().map(m -> m.getLong("seq")).toList());
    assertEquals(List.of(), readsOf(alice), "they all came: nothing was read from the log");
  }

  @Test
  @DisplayName("drops a message a session was already written")
  void repeatDropped() throws Exception {
    UserRef alice = user();
    UserRef bob = user();
    // Known from the login: its messages are written as they come, so the fence comes after them.
    knownConversation(alice, bob);
    LoggedIn client = login(alice);
    ChatMessage first = service.append(bob, alice, "m1");
    ChatMessage second = service.append(bob, alice, "m2");
    ChatMessage third = service.append(bob, alice, "m3");
    for (ChatMessage message : List.of(first, second, second, first, third, second)) {
      deliver(delivery(message, null, alice));
    }
    JsonObject fence = fence("fence");
    deliver(event(fence, alice));
    eventually("the fence", () -> client.sink().frames().contains(fence));
    assertEquals(List.of("m1", "m2", "m3"), client.sink().texts());
  }

  @Test
  @DisplayName("reads a gap that does not fill from the log, and writes the conversation in order")
  void gapReadFromLog() throws Exception {
    UserRef alice = user();
    UserRef bob = user();
    LoggedIn client = login(alice);
    List<ChatMessage> messages = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      messages.add(service.append(bob, alice, "m" + i));
    }
    // The deliveries of 2 and 3 were lost (their node died between commit and delivery).
    deliver(delivery(messages.get(0), null, alice));
    deliver(delivery(messages.get(3), null, alice));
    awaitTexts(client, 4);
    assertEquals(List.of("m1", "m2", "m3", "m4"), client.sink().texts());
    List<LogRead> reads = readsOf(alice);
    assertEquals(1, reads.size(), reads.toString());
    assertEquals(List.of(new ConvRange(messages.get(0).conv(), 1, 3)), reads.get(0).ranges());
  }

  @Test
  @DisplayName("holds live messages while a login's replay runs, then writes them after it, without the ones it replayed")
  void liveWaitsForReplay() throws Exception {
    UserRef alice = user();
    UserRef bob = user();
    List<String> expected = new ArrayList<>();
    ChatMessage stored = null;
    for (int i = 1; i <= 30; i++) {
      stored = service.append(bob, alice, "stored " + i);
      expected.add("stored " + i);
    }
    service.holdReads();
    RecordingSink sink = newSink();
    Session session = gateway.sessions().open(new Caller(alice.id(), alice.name()), false, "t", sink);
    Future<Void> replayed = on(sink, () -> session.feed().replay(service.positions(alice.id()), REPLAY_PAGE));
    eventually("the replay's read", () -> service.reads().size() == 1);

    ChatMessage live = service.append(bob, alice, "live");
    expected.add("live");
    deliver(delivery(live, null, alice));
    deliver(delivery(stored, null, alice));
    service.releaseReads();
    await(replayed);

    assertEquals(expected, sink.texts());
    List<JsonObject> messages = sink.messages();
    assertTrue(messages.subList(0, 30).stream().allMatch(m -> m.getBoolean("offline", false)), "replayed: offline");
    assertFalse(messages.get(30).containsKey("offline"), "live");
  }

  @Test
  @DisplayName("tells the message service it started, and registers its sessions again when a heartbeat says they lapsed")
  void startAndRestore() throws Exception {
    assertEquals(List.of(nodeId), service.started());
    UserRef alice = user();
    LoggedIn first = login(alice);
    LoggedIn second = login(alice);
    service.restoreNext();
    eventually("the sessions registered again", () -> !service.restores().isEmpty());
    SessionsRestore restore = service.restores().get(0);
    assertEquals(nodeId, restore.node());
    assertEquals(Set.of(new SessionRef(first.session().caller(), nodeId, first.session().id()),
        new SessionRef(second.session().caller(), nodeId, second.session().id())), Set.copyOf(restore.sessions()));
  }
}
