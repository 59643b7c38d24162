package io.chat.gateway.session;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusFields;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.common.protocol.Events;
import io.chat.gateway.Gateway;
import io.chat.gateway.framing.LineFramer;
import io.chat.gateway.protocol.Frames;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
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
 * <p>A client that half-closes ({@code printf ... | nc -q 1}) still gets the replies to every
 * request it sent; the connection closes once they are written.
 */
public final class Connection implements LineFramer.Sink {

  /** Handles one request line; the future completes once its reply is written. */
  public interface RequestHandler {
    Future<Void> handle(Connection connection, byte[] line);
  }

  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
  private static final int MAX_QUEUED_LINES = 256;
  private static final Object OVERSIZED = new Object();

  private final NetSocket socket;
  private final Context context;
  private final Gateway gateway;
  private final RequestHandler handler;
  private final Runnable onClose;
  private final ArrayDeque<Object> inbox = new ArrayDeque<>();
  private boolean busy;
  private boolean draining;
  private boolean paused;
  private boolean closed;
  private boolean inputEnded;
  private long lastFrameNanos;
  private Session session;
  /** While a login replays stored messages, live events for the session wait here. */
  private List<Buffer> held;
  private final StoredReplay storedReplay;
  /** Highest stored-message id this session has replayed. */
  private long replayedUpTo;
  private boolean replaying;
  private boolean replayAgain;

  public Connection(NetSocket socket, Context context, Gateway gateway, RequestHandler handler, Runnable onClose) {
    this.socket = socket;
    this.context = context;
    this.gateway = gateway;
    this.handler = handler;
    this.onClose = onClose;
    this.storedReplay = new StoredReplay(gateway.services(), gateway.config().offlineBatch());
  }

  public void start() {
    lastFrameNanos = System.nanoTime();
    socket.handler(new LineFramer(gateway.config().frameLimit(), this));
    socket.closeHandler(v -> closed());
    socket.exceptionHandler(e -> LOG.debug("connection {}: {}", socket.remoteAddress(), e.toString()));
    keepOpenAfterClientFinishes();
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

  public boolean isClosed() {
    return closed;
  }

  /** The session of the logged-in user, or null. */
  public Session session() {
    return session;
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
    return replayStored(upTo).andThen(done -> {
      List<Buffer> waiting = held;
      held = null;
      if (waiting != null) {
        waiting.forEach(this::write);
      }
    });
  }

  /**
   * Messages were stored for this session's user after its login counted them (another node
   * did not see the session yet): replay them too. A replay already running picks them up when
   * it is done.
   */
  void replayLateStored() {
    if (session == null || closed) {
      return;
    }
    // During a login (events still held) or a replay, one more pass runs when it is done.
    if (replaying || held != null) {
      replayAgain = true;
      return;
    }
    replayStored(Long.MAX_VALUE);
  }

  /** Replays up to upTo, then again (to the newest) as long as late stores were reported meanwhile. */
  private Future<Void> replayStored(long upTo) {
    Session replayed = session;
    replaying = true;
    return storedReplay.replay(this, replayed, replayedUpTo, upTo)
        .onSuccess(last -> replayedUpTo = Math.max(replayedUpTo, last))
        .onFailure(e -> LOG.warn("stored messages of user {} not replayed: {}", replayed.userId(), e.getMessage()))
        .<Void>mapEmpty()
        .otherwiseEmpty()
        .compose(done -> {
          replaying = false;
          if (replayAgain && session == replayed) {
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
    held = null;
    replayedUpTo = 0;
    replayAgain = false;
    gateway.sessions().remove(closing);
    JsonObject request = new JsonObject()
        .put(BusFields.UID, closing.userId())
        .put(BusFields.UNAME, closing.userName())
        .put(BusFields.NODE, gateway.nodeId())
        .put(BusFields.SESSION, closing.id());
    return gateway.services().request(Addresses.MESSAGE, Actions.Message.SESSION_CLOSE, request)
        .onFailure(e -> LOG.warn("session {} of user {} not closed in the presence registry: {}",
            closing.id(), closing.userId(), e.getMessage()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  /** True when no frame arrived since the given time. */
  public boolean idleSince(long nanos) {
    return lastFrameNanos - nanos < 0;
  }

  /**
   * Says {@code bye} with this reason and closes; completes once the socket is closed and the
   * session, if any, is closed in the presence registry.
   */
  public Future<Void> bye(String reason) {
    write(Frames.line(Events.bye(reason)));
    return socket.close().otherwiseEmpty().compose(closed -> closeSession());
  }

  /** Runs an action on this connection's context. */
  void onContext(Runnable action) {
    context.runOnContext(v -> action.run());
  }

  /** Hands an event to this connection's context; confirmation, when asked, says if it was written. */
  void deliverLater(Session target, Buffer event, Promise<Boolean> confirmation) {
    context.runOnContext(v -> {
      Future<Boolean> written = deliver(target, event);
      if (confirmation != null) {
        written.onComplete(confirmation);
      }
    });
  }

  private Future<Boolean> deliver(Session target, Buffer event) {
    if (target != session || closed) {
      return Future.succeededFuture(false);
    }
    if (held != null) {
      held.add(event);
      return Future.succeededFuture(true);
    }
    return write(event).map(true).otherwise(false);
  }

  /**
   * Vert.x closes a connection as soon as the client shuts down its sending side, which would
   * drop the replies still owed. Netty's half-closure keeps the socket writable instead. Vert.x
   * has no public option for it, so it is set through the internal socket API before any byte
   * is read, and a small Netty handler reports the end of input on this connection's context
   * (passing every event on, so Vert.x still sees its own).
   */
  private void keepOpenAfterClientFinishes() {
    if (!(socket instanceof NetSocketInternal internal)) {
      return;
    }
    ChannelHandlerContext netty = internal.channelHandlerContext();
    netty.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    netty.pipeline().addBefore(netty.name(), "chat-input-end", new ChannelInboundHandlerAdapter() {
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

  private void closeWhenAnswered() {
    if (inputEnded && !busy && !closed && inbox.isEmpty()) {
      socket.close();
    }
  }

  private void enqueue(Object item) {
    if (closed) {
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
      while (!busy && !closed && !inbox.isEmpty()) {
        Object item = inbox.poll();
        if (paused && inbox.size() < MAX_QUEUED_LINES / 2) {
          paused = false;
          socket.resume();
        }
        if (item == OVERSIZED) {
          gateway.countReply(null, ErrorCode.FRAME_TOO_LARGE.wireName());
          write(Frames.error(null, null, new ChatException(ErrorCode.FRAME_TOO_LARGE,
              "a frame may have at most " + gateway.config().frameLimit() + " bytes")));
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
    // A request in flight (a login, say) ends the session when it completes.
    if (!busy) {
      endSession();
    }
  }

  private void endSession() {
    closeSession();
  }
}
