package io.chat.gateway.session;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusFields;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.common.protocol.Events;
import io.chat.gateway.Gateway;
import io.chat.gateway.framing.LineFramer;
import io.chat.gateway.framing.LoopEndFlush;
import io.chat.gateway.protocol.Frames;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection: framing, the queue of requests, and the session once logged in. All of
 * its state is confined to the context of the gateway instance that accepted it.
 *
 * <p>Requests are handled one at a time in arrival order, so replies leave in request order
 * and the messages of one connection reach the route layer in the order they were sent, even
 * when a client pipelines. A client that pipelines far ahead is paused (TCP back-pressure)
 * instead of queued without bound.
 *
 * <p>Outbound, a client that stops reading may not grow the node's memory: past
 * {@code CHAT_OUTBOUND_LIMIT} bytes waiting to be written it is said {@code bye}
 * ({@code slow_consumer}) and closed. Messages this connection took for a session but never
 * wrote to the socket (still queued when it closed, for whatever reason) are handed back to
 * the route layer and stored, so the user gets them at the next login.
 *
 * <p>A client that half-closes ({@code printf ... | nc -q 1}) still gets the replies to every
 * request it sent; the connection closes once they are written.
 */
public final class Connection implements LineFramer.Sink {

  /** Handles one request line; the future completes once its reply is written. */
  public interface RequestHandler {
    Future<Void> handle(Connection connection, byte[] line);
  }

  /**
   * An event that arrived while stored messages were being replayed. A confirmed delivery (from
   * another node's route layer) learns whether it was written only once it is.
   */
  private record Held(UserCopies copies, Promise<Boolean> confirmation) {
  }

  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
  private static final int MAX_QUEUED_LINES = 256;
  private static final long BYE_GRACE_MILLIS = 2_000;
  private static final long CLOSE_RETRY_FIRST_MILLIS = 1_000;
  private static final long CLOSE_RETRY_MAX_MILLIS = 30_000;
  private static final Object OVERSIZED = new Object();

  private final NetSocket socket;
  private final Context context;
  private final Gateway gateway;
  private final RequestHandler handler;
  private final Runnable onClose;
  private final ArrayDeque<Object> inbox = new ArrayDeque<>();
  private final Outbound outbound;
  private final TokenBucket rate;
  private final StoredReplay storedReplay;
  private final Promise<Void> ended = Promise.promise();
  private boolean busy;
  private boolean draining;
  private boolean paused;
  private boolean closing;
  private boolean closed;
  private boolean inputEnded;
  /** The node is stopping: nothing more is read, and bye follows the last reply owed. */
  private boolean stopping;
  private long lastFrameNanos;
  private Session session;
  /** While stored messages are replayed (at login or late), live events for the session wait here. */
  private List<Held> held;
  /** Highest stored-message id this session has replayed. */
  private long replayedUpTo;
  private boolean replaying;
  private boolean replayAgain;
  /** Our handler's place in the Netty pipeline, in front of Vert.x's (see {@link #bye}). */
  private ChannelHandlerContext nettyFront;

  public Connection(NetSocket socket, Context context, Gateway gateway, RequestHandler handler, Runnable onClose) {
    this.socket = socket;
    this.context = context;
    this.gateway = gateway;
    this.handler = handler;
    this.onClose = onClose;
    this.outbound = new Outbound(socket, gateway.config().outboundLimit());
    this.rate = new TokenBucket(gateway.config().rateLimit(), gateway.config().rateBurst());
    this.storedReplay = new StoredReplay(gateway.services(), gateway.config().offlineBatch());
  }

  public void start() {
    lastFrameNanos = System.nanoTime();
    socket.handler(new LineFramer(gateway.config().frameLimit(), this));
    socket.closeHandler(v -> closed());
    socket.shutdownHandler(v -> stopReading());
    socket.exceptionHandler(e -> LOG.debug("connection {}: {}", socket.remoteAddress(), e.toString()));
    setUpChannel();
    write(Frames.line(Events.hello(gateway.nodeId())));
  }

  @Override
  public void line(byte[] line) {
    lastFrameNanos = System.nanoTime();
    enqueue(line);
  }

  @Override
  public void oversized() {
    enqueue(OVERSIZED);
  }

  public Future<Void> write(Buffer frame) {
    return socket.write(frame);
  }

  /** Writes an ok reply, and counts it. */
  public void replyOk(String op, Object ref, JsonObject fields) {
    gateway.countReply(op, "ok");
    write(Frames.ok(op, ref, fields));
  }

  /** Writes an error reply (without op or ref when they are null, as for bad_json), and counts it. */
  public void replyError(String op, Object ref, ChatException error) {
    gateway.countReply(op, error.code().wireName());
    write(Frames.error(op, ref, error));
  }

  /** True once the connection is closed or closing: nothing more is written to it. */
  public boolean isClosed() {
    return closed || closing;
  }

  /** The session of the logged-in user, or null. */
  public Session session() {
    return session;
  }

  /** Completes once the connection is closed and its session is closed in the presence registry. */
  public Future<Void> ended() {
    return ended.future();
  }

  /** Takes a token from the connection's request budget; false means answer rate_limited. */
  public boolean allowRequest() {
    return rate.tryTake();
  }

  /** Logs the connection in: events for the new session are held until {@link #replayStoredThenGoLive}. */
  public Session openSession(int userId, String userName) {
    session = new Session(userId, userName, gateway.nextSessionId(), this);
    held = new ArrayList<>();
    gateway.sessions().add(session);
    return session;
  }

  /**
   * Completes a login: replays the stored messages up to the id the login counted, then writes
   * the events that arrived meanwhile, and from then on writes events as they come.
   */
  public Future<Void> replayStoredThenGoLive(long upTo) {
    return replayStored(upTo).andThen(done -> writeHeld());
  }

  /** Writes the events held during a replay, in their order, and from then on events as they come. */
  private void writeHeld() {
    List<Held> waiting = held;
    held = null;
    if (waiting == null) {
      return;
    }
    for (Held event : waiting) {
      Future<Boolean> written = deliver(session, event.copies(), event.confirmation() == null);
      if (event.confirmation() != null) {
        written.onComplete(event.confirmation());
      }
    }
  }

  /**
   * Messages were stored for this session's user after its login counted them (another node
   * did not see the session yet): replay them too, holding live events meanwhile so that none
   * overtakes an older stored one. During a login or a replay, one more pass runs when it is
   * done.
   */
  void replayLateStored() {
    if (session == null || closing || closed) {
      return;
    }
    if (replaying || held != null) {
      replayAgain = true;
      return;
    }
    held = new ArrayList<>();
    Session replayed = session;
    replayStored(Long.MAX_VALUE).andThen(done -> {
      if (session == replayed) {
        writeHeld();
      }
    });
  }

  /** Replays up to upTo, then again (to the newest) as long as late stores were reported meanwhile. */
  private Future<Void> replayStored(long upTo) {
    Session replayed = session;
    replaying = true;
    return storedReplay.replay(this, replayed, replayedUpTo, upTo)
        .onFailure(e -> LOG.warn("stored messages of user {} not replayed: {}", replayed.userId(), e.getMessage()))
        .otherwiseEmpty()
        .compose(last -> {
          if (session != replayed) {
            // Logged out meanwhile: the state belongs to the next session now.
            return Future.succeededFuture();
          }
          replayedUpTo = Math.max(replayedUpTo, last == null ? 0 : last);
          replaying = false;
          if (replayAgain) {
            replayAgain = false;
            return replayStored(Long.MAX_VALUE);
          }
          return Future.succeededFuture();
        });
  }

  /** Logs out: the session leaves the registry and the presence registry. */
  public Future<Void> closeSession() {
    Session closing = session;
    if (closing == null) {
      return Future.succeededFuture();
    }
    session = null;
    List<Held> heldEvents = held;
    held = null;
    if (heldEvents != null) {
      heldEvents.stream().filter(event -> event.confirmation() != null)
          .forEach(event -> event.confirmation().tryComplete(false));
      handBack(heldEvents.stream().filter(event -> event.confirmation() == null).map(Held::copies).toList());
    }
    replayedUpTo = 0;
    replaying = false;
    replayAgain = false;
    gateway.sessions().remove(closing);
    JsonObject request = new JsonObject()
        .put(BusFields.UID, closing.userId())
        .put(BusFields.UNAME, closing.userName())
        .put(BusFields.NODE, gateway.nodeId())
        .put(BusFields.SESSION, closing.id());
    return closeInRegistry(request, CLOSE_RETRY_FIRST_MILLIS);
  }

  /**
   * Closes a session in the presence registry. A close that failed would leave the user online
   * for as long as this node lives (its heartbeat keeps its entries), so it is tried again, with
   * backoff, until it succeeds; a second close of one session changes nothing. The future is
   * the first try's.
   */
  private Future<Void> closeInRegistry(JsonObject request, long retryMillis) {
    return gateway.services().request(Addresses.MESSAGE, Actions.Message.SESSION_CLOSE, request)
        .onFailure(e -> {
          LOG.warn("session {} of user {} not closed in the presence registry ({}): trying again in {} ms",
              request.getString(BusFields.SESSION), request.getInteger(BusFields.UID), e.getMessage(), retryMillis);
          context.owner().setTimer(retryMillis,
              retry -> closeInRegistry(request, Math.min(2 * retryMillis, CLOSE_RETRY_MAX_MILLIS)));
        })
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  /** True when no frame arrived since the given time. */
  public boolean idleSince(long nanos) {
    return lastFrameNanos - nanos < 0;
  }

  /**
   * Says {@code bye} with this reason and closes; completes once the connection is closed and
   * its session, if any, is closed in the presence registry. A client that does not read what
   * is still queued for it within {@link #BYE_GRACE_MILLIS} is cut off: the messages among it
   * are handed back to be stored.
   */
  public Future<Void> bye(String reason) {
    if (!closing && !closed) {
      closing = true;
      write(Frames.line(Events.bye(reason)));
      socket.close();
      context.owner().setTimer(BYE_GRACE_MILLIS, t -> {
        if (!closed && nettyFront != null) {
          // Vert.x closes only once everything queued is written; from in front of its handler
          // the channel closes now, and Netty fails the writes still queued (handed back).
          nettyFront.close();
        }
      });
    }
    return ended.future();
  }

  /**
   * Runs an action on this connection's context: at once when called on its event loop, else as
   * a task there. Events and replays handed over by the delivery address go this same way, so
   * they reach the connection in the order they were handed over.
   */
  void onItsLoop(Runnable action) {
    ((ContextInternal) context).emit(null, v -> action.run());
  }

  /**
   * Hands an event to this connection's context, where the caller learns whether it was written
   * and deals with a miss itself.
   */
  void deliverOnItsLoop(Session target, UserCopies event, Promise<Boolean> confirmation) {
    onItsLoop(() -> deliver(target, event, false).onComplete(confirmation));
  }

  /**
   * Adds an event for this connection to a hand-off to its context. A storable event (a message)
   * that cannot be written is handed back to be stored.
   */
  void deliverVia(LoopHandOff handOff, Session target, UserCopies event) {
    handOff.add(context, () -> deliver(target, event, true));
  }

  private Future<Boolean> deliver(Session target, UserCopies event, boolean ownsMisses) {
    boolean keep = event.storable() && ownsMisses;
    if (target != session || closing || closed) {
      if (keep) {
        handBack(List.of(event));
      }
      return Future.succeededFuture(false);
    }
    if (held != null) {
      Promise<Boolean> confirmation = ownsMisses ? null : Promise.promise();
      held.add(new Held(event, confirmation));
      return confirmation == null ? Future.succeededFuture(true) : confirmation.future();
    }
    if (outbound.full()) {
      LOG.info("user {} at {} stopped reading: closing the connection (slow consumer)", target.userId(),
          socket.remoteAddress());
      if (keep) {
        handBack(List.of(event));
      }
      bye(Events.BYE_SLOW_CONSUMER);
      return Future.succeededFuture(false);
    }
    Future<Void> written = keep ? outbound.writeMessage(event) : write(event.line());
    return written.map(true).otherwise(false);
  }

  /**
   * Messages this connection took but could not write go back to the route layer to be stored,
   * in one request per user (stored in their order, in one round trip): those that no other
   * session of the user on this node may still write or has written.
   */
  private void handBack(List<UserCopies> messages) {
    Map<Integer, JsonArray> byUser = new LinkedHashMap<>();
    for (UserCopies message : messages) {
      if (message.storable() && message.missedByLast()) {
        byUser.computeIfAbsent(message.userId(), user -> new JsonArray()).add(message.event());
      }
    }
    byUser.forEach((user, events) -> gateway.services().send(Addresses.MESSAGE, Actions.Message.UNDELIVERED,
        new JsonObject().put(BusFields.USERS, new JsonArray().add(user)).put(BusFields.EVENTS, events)));
  }

  /**
   * Vert.x closes a connection as soon as the client shuts down its sending side, which would
   * drop the replies still owed. Netty's half-closure keeps the socket writable instead. Vert.x
   * has no public option for it, so it is set through the internal socket API before any byte
   * is read, and a small Netty handler reports the end of input on this connection's context
   * (passing every event on, so Vert.x still sees its own). The same handler's place in the
   * pipeline lets {@link #bye} cut off a client that does not read. Next to the socket goes
   * {@link LoopEndFlush}: what the connection is sent in one loop turn leaves in one packet.
   */
  private void setUpChannel() {
    if (!(socket instanceof NetSocketInternal internal)) {
      return;
    }
    ChannelHandlerContext netty = internal.channelHandlerContext();
    netty.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    netty.pipeline().addFirst("chat-loop-end-flush", new LoopEndFlush());
    netty.pipeline().addBefore(netty.name(), "chat-input-end", new ChannelInboundHandlerAdapter() {
      @Override
      public void handlerAdded(ChannelHandlerContext ctx) {
        nettyFront = ctx;
      }

      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
          context.runOnContext(v -> {
            inputEnded = true;
            closeWhenAnswered();
          });
        }
        ctx.fireUserEventTriggered(event);
      }
    });
  }

  /** The node is stopping: the requests already read are answered, then the connection says bye. */
  private void stopReading() {
    stopping = true;
    socket.pause();
    byeWhenAnswered();
  }

  private void byeWhenAnswered() {
    if (stopping && !busy && inbox.isEmpty()) {
      bye(Events.BYE_SHUTTING_DOWN);
    }
  }

  private void closeWhenAnswered() {
    if (inputEnded && !busy && !closed && inbox.isEmpty()) {
      socket.close();
    }
  }

  private void enqueue(Object item) {
    if (closed || closing) {
      return;
    }
    inbox.add(item);
    if (!paused && inbox.size() >= MAX_QUEUED_LINES) {
      paused = true;
      socket.pause();
    }
    drain();
  }

  private void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      while (!busy && !closed && !closing && !inbox.isEmpty()) {
        Object item = inbox.poll();
        if (paused && !stopping && inbox.size() < MAX_QUEUED_LINES / 2) {
          paused = false;
          socket.resume();
        }
        if (item == OVERSIZED) {
          replyError(null, null, new ChatException(ErrorCode.FRAME_TOO_LARGE,
              "a frame may have at most " + gateway.config().frameLimit() + " bytes"));
          bye(Events.BYE_FRAME_TOO_LARGE);
          return;
        }
        busy = true;
        Future<Void> done = handler.handle(this, (byte[]) item);
        if (done.isComplete()) {
          busy = false;
        } else {
          done.onComplete(v -> requestDone());
        }
      }
    } finally {
      draining = false;
    }
    closeWhenAnswered();
    byeWhenAnswered();
  }

  private void requestDone() {
    busy = false;
    if (closed) {
      endSession();
    } else {
      drain();
    }
  }

  private void closed() {
    closed = true;
    inbox.clear();
    onClose.run();
    Session user = session;
    List<UserCopies> unwritten = outbound.takeUnwritten();
    if (!unwritten.isEmpty()) {
      LOG.debug("{} messages for user {} were not written before the connection closed: stored",
          unwritten.size(), user == null ? "?" : user.userId());
      handBack(unwritten);
    }
    // A request in flight (a login, say) ends the session when it completes.
    if (!busy) {
      endSession();
    }
  }

  private void endSession() {
    closeSession().onComplete(done -> ended.tryComplete());
  }
}
