package io.chat.gateway.delivery;

import io.chat.common.bus.ActionRouter;
import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.Empty;
import io.chat.common.bus.message.ConvHead;
import io.chat.common.bus.message.ConvPosition;
import io.chat.common.bus.message.ConvRange;
import io.chat.common.bus.message.CursorMove;
import io.chat.common.bus.message.CursorMoves;
import io.chat.common.bus.message.Heads;
import io.chat.common.bus.message.HeadsRequest;
import io.chat.common.bus.message.HeartbeatReply;
import io.chat.common.bus.message.LogPage;
import io.chat.common.bus.message.LogRead;
import io.chat.common.bus.message.NodeRef;
import io.chat.common.bus.message.SessionsRestore;
import io.chat.common.bus.message.UserHeads;
import io.chat.common.model.ChatMessage;
import io.chat.common.model.ConvId;
import io.chat.common.model.UserRef;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The message service as a node's delivery verticle and sessions ask it, played by a test on
 * {@link Addresses#MESSAGE}: a log of direct conversations held in memory (heads, positions and
 * log reads come from it; a message is in it before it is delivered, as a committed one is), the
 * cursors written, and a record of what the node asked. Log reads can be held back, heads
 * requests and log reads made to fail, and a heartbeat answered with "register your sessions again".
 */
final class PlayedMessageService {

  private final Map<ConvId, TreeMap<Long, ChatMessage>> log = new HashMap<>();
  private final Map<CursorKey, Long> cursors = new HashMap<>();
  private final List<String> started = new ArrayList<>();
  private final List<HeadsRequest> headsAsked = new ArrayList<>();
  private final List<LogRead> reads = new ArrayList<>();
  private final List<CursorMove> moves = new ArrayList<>();
  private final List<SessionsRestore> restores = new ArrayList<>();
  private boolean restoreNext;
  private int headsToFail;
  private int readsToFail;
  private int cursorWritesToFail;
  private int cursorWritesFailed;
  private Promise<Void> readsHeld;

  private record CursorKey(int user, ConvId conv) {
  }

  private PlayedMessageService() {
  }

  /** A service whose address is registered once the future completes. */
  static Future<PlayedMessageService> start(Vertx vertx) {
    PlayedMessageService service = new PlayedMessageService();
    ActionRouter router = new ActionRouter(Addresses.MESSAGE, failure -> null, new SimpleMeterRegistry())
        .on(Actions.Message.NODE_STARTED, service::nodeStarted)
        .on(Actions.Message.NODE_HEARTBEAT, service::heartbeat)
        .on(Actions.Message.SESSIONS_RESTORE, service::restore)
        .on(Actions.Message.SESSION_CLOSE, closed -> Future.succeededFuture(Empty.INSTANCE))
        .on(Actions.Message.CURSORS, service::cursors)
        .on(Actions.Message.HEADS, service::heads)
        .on(Actions.Message.LOG_READ, service::logRead);
    return vertx.eventBus().consumer(Addresses.MESSAGE, router::handle).completion().map(service);
  }

  /** Commits a direct message to the log: the conversation's next seq. */
  synchronized ChatMessage append(UserRef from, UserRef to, String text) {
    ConvId conv = ConvId.direct(from.id(), to.id());
    TreeMap<Long, ChatMessage> messages = log.computeIfAbsent(conv, c -> new TreeMap<>());
    long seq = messages.isEmpty() ? 1 : messages.lastKey() + 1;
    ChatMessage message = new ChatMessage(conv, seq, "m-" + conv + "-" + seq, from, to.id(), null, text,
        System.currentTimeMillis());
    messages.put(seq, message);
    return message;
  }

  /** Where the user stands in each conversation, as a session's open reads it. */
  synchronized List<ConvPosition> positions(int user) {
    List<ConvPosition> positions = new ArrayList<>();
    log.forEach((conv, messages) -> {
      if (conv.hasUser(user)) {
        long acked = cursors.getOrDefault(new CursorKey(user, conv), 0L);
        long unread = messages.tailMap(acked, false).values().stream().filter(m -> m.from().id() != user).count();
        positions.add(new ConvPosition(conv, acked, messages.lastKey(), unread));
      }
    });
    return positions;
  }

  /** A cursor as if written by a node: the user has received the conversation up to seq. */
  synchronized void received(int user, ConvId conv, long seq) {
    cursors.merge(new CursorKey(user, conv), seq, Math::max);
  }

  /** Log reads are answered only when released. */
  synchronized void holdReads() {
    readsHeld = Promise.promise();
  }

  void releaseReads() {
    Promise<Void> held;
    synchronized (this) {
      held = readsHeld;
      readsHeld = null;
    }
    held.complete();
  }

  /** The next requests for heads fail, as one that met a dead node's handler does. */
  synchronized void failHeads(int times) {
    headsToFail = times;
  }

  /** The next log reads fail, as one that met a dead node's handler does. */
  synchronized void failReads(int times) {
    readsToFail = times;
  }

  /** The next cursor writes fail, as one that met a dead node's handler does. */
  synchronized void failCursorWrites(int times) {
    cursorWritesToFail = times;
  }

  synchronized int cursorWritesFailed() {
    return cursorWritesFailed;
  }

  /** The next heartbeat is told that the node's sessions lapsed. */
  synchronized void restoreNext() {
    restoreNext = true;
  }

  synchronized List<String> started() {
    return List.copyOf(started);
  }

  synchronized List<HeadsRequest> headsAsked() {
    return List.copyOf(headsAsked);
  }

  synchronized List<LogRead> reads() {
    return List.copyOf(reads);
  }

  /** Every cursor move written so far, in order. */
  synchronized List<CursorMove> moves() {
    return List.copyOf(moves);
  }

  synchronized List<SessionsRestore> restores() {
    return List.copyOf(restores);
  }

  private synchronized Future<Empty> nodeStarted(NodeRef node) {
    started.add(node.node());
    return Future.succeededFuture(Empty.INSTANCE);
  }

  private synchronized Future<HeartbeatReply> heartbeat(NodeRef node) {
    boolean restore = restoreNext;
    restoreNext = false;
    return Future.succeededFuture(new HeartbeatReply(restore));
  }

  private synchronized Future<Empty> restore(SessionsRestore request) {
    restores.add(request);
    return Future.succeededFuture(Empty.INSTANCE);
  }

  private synchronized Future<Empty> cursors(CursorMoves request) {
    if (cursorWritesToFail > 0) {
      cursorWritesToFail--;
      cursorWritesFailed++;
      return Future.failedFuture(new IllegalStateException("the node that had this request died"));
    }
    moves.addAll(request.moves());
    request.moves().forEach(move -> received(move.user(), move.conv(), move.seq()));
    return Future.succeededFuture(Empty.INSTANCE);
  }

  private synchronized Future<Heads> heads(HeadsRequest request) {
    headsAsked.add(request);
    if (headsToFail > 0) {
      headsToFail--;
      return Future.failedFuture(new IllegalStateException("the node that had this request died"));
    }
    List<UserHeads> heads = new ArrayList<>();
    for (int user : request.users()) {
      List<ConvHead> convs = new ArrayList<>();
      log.forEach((conv, messages) -> {
        if (conv.hasUser(user)) {
          convs.add(new ConvHead(conv, messages.lastKey(), 0));
        }
      });
      heads.add(new UserHeads(user, convs));
    }
    return Future.succeededFuture(new Heads(heads));
  }

  private synchronized Future<LogPage> logRead(LogRead request) {
    reads.add(request);
    if (readsToFail > 0) {
      readsToFail--;
      return Future.failedFuture(new IllegalStateException("the node that had this request died"));
    }
    Future<Void> answered = readsHeld == null ? Future.succeededFuture() : readsHeld.future();
    return answered.map(v -> page(request));
  }

  private synchronized LogPage page(LogRead request) {
    List<ChatMessage> found = new ArrayList<>();
    for (ConvRange range : request.ranges()) {
      if (range.conv().hasUser(request.user())) {
        log.getOrDefault(range.conv(), new TreeMap<>()).subMap(range.after(), false, range.upTo(), true).values()
            .stream().filter(m -> !request.othersOnly() || m.from().id() != request.user()).forEach(found::add);
      }
    }
    found.sort(Comparator.comparingLong(ChatMessage::ts).thenComparing(m -> m.conv().toString())
        .thenComparingLong(ChatMessage::seq));
    return new LogPage(List.copyOf(found.subList(0, Math.min(found.size(), request.limit()))));
  }
}
