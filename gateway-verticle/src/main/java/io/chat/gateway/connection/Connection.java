package io.chat.gateway.connection;

import io.chat.common.model.Caller;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.common.protocol.Events;
import io.chat.gateway.protocol.Frames;
import io.chat.gateway.session.EventSink;
import io.chat.gateway.session.Session;
import io.chat.gateway.session.SessionManager;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, whatever its transport: its requests ({@link RequestQueue}), its
 * replies, its session once logged in, and how it ends. All of its state is confined to its
 * socket's event loop, whose context it is made with ({@link #onItsContext} for others).
 *
 * <p>A client that stops reading may not grow the node's memory: past the outbound limit it is
 * said {@code bye} ({@code slow_consumer}) and closed. What it was sent but never got is still
 * above its user's cursor, so it comes again at the next login.
 *
 * <p>A client that half-closes ({@code printf ... | nc -q 1}) still gets the replies to every
 * request it sent; the connection closes once they are written. A node that stops answers the
 * requests already read, then says {@code bye}.
 *
 * <p>Just over 300 lines: the request turn, the session's sink and the ways a connection ends
 * share its state.
 */
public final class Connection implements Transport.Listener {

  /** Handles one request frame; the future completes once its reply is written. */
  public interface RequestHandler {
    Future<Void> handle(Connection connection, byte[] frame);
  }

  /** Counts a reply by op and result ({@code ok} or the error code). */
  public interface ReplyCounter {
    void count(String op, String result);
  }

  /** What the owner of a connection hears of its end. */
  public interface Lifecycle {
    /** The transport is closed. */
    void closed(Connection connection);

    /** Closed, and its session (if any) closed in the presence registry too: the connection is gone. */
    void ended(Connection connection);
  }

  /** The frame handed to the handler for a frame that is no text (a binary WebSocket message). */
  public static final byte[] NOT_TEXT = new byte[0];

  private enum State { OPEN, CLOSING, CLOSED }

  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
  private static final long BYE_GRACE_MILLIS = 2_000;
  private static final String SESSION_OVER = "the session is over";

  private final Transport transport;
  private final Context context;
  private final SessionManager sessions;
  private final ReplyCounter replies;
  private final int frameLimit;
  private final TokenBucket rate;
  private final RequestQueue requests;
  private final Lifecycle lifecycle;
  private State state = State.OPEN;
  private boolean ended;
  /** The client sends nothing more: close once every request it sent is answered. */
  private boolean inputEnded;
  /** The node is stopping: say bye once every request read is answered. */
  private boolean stopping;
  private long lastFrameNanos;
  private Session session;

  /**
   * Made on the event loop of the transport's socket, whose context is given: the connection,
   * its requests and its session's feed all live there, unsynchronized (a connection on another
   * loop than its socket's would race with its own socket's events).
   */
  public Connection(Transport transport, Context context, SessionManager sessions, RequestHandler handler,
      ReplyCounter replies, ConnectionLimits limits, Lifecycle lifecycle) {
    if (!((ContextInternal) context).nettyEventLoop().inEventLoop()) {
      throw new IllegalStateException("a connection must be made on its socket's event loop, with its context");
    }
    this.transport = transport;
    this.lifecycle = lifecycle;
    this.context = context;
    this.sessions = sessions;
    this.replies = replies;
    this.frameLimit = limits.frameLimit();
    this.rate = new TokenBucket(limits.rateLimit(), limits.rateBurst());
    this.requests = new RequestQueue(transport, frame -> handler.handle(this, frame), this::oversizedTurn,
        this::answeredAll);
  }

  /** Says hello and starts reading. */
  public void start(String nodeId) {
    lastFrameNanos = System.nanoTime();
    transport.start(this);
    transport.send(Frames.line(Events.hello(nodeId)));
  }

  @Override
  public void frame(byte[] frame) {
    lastFrameNanos = System.nanoTime();
    if (state == State.OPEN) {
      requests.add(frame);
    }
  }

  @Override
  public void oversized() {
    if (state == State.OPEN) {
      requests.addOversized();
    }
  }

  @Override
  public void notText() {
    frame(NOT_TEXT);
  }

  @Override
  public void inputEnded() {
    inputEnded = true;
    answeredAll();
  }

  @Override
  public void shuttingDown() {
    stopping = true;
    requests.stopReading();
    answeredAll();
  }

  @Override
  public void closed() {
    state = State.CLOSED;
    requests.clear();
    lifecycle.closed(this);
    // A request in flight (a login, say) ends the session when it completes.
    if (!requests.inFlight()) {
      endSession();
    }
  }

  /** Writes an ok reply, and counts it. */
  public void replyOk(String op, Object ref, JsonObject fields) {
    replies.count(op, "ok");
    transport.send(Frames.ok(op, ref, fields));
  }

  /** Writes an error reply (without op or ref when they are null, as for bad_json), and counts it. */
  public void replyError(String op, Object ref, ChatException error) {
    replies.count(op, error.code().wireName());
    transport.send(Frames.error(op, ref, error));
  }

  /** True while the connection takes requests and writes replies: not once it is closing or closed. */
  public boolean isOpen() {
    return state == State.OPEN;
  }

  /** The session of the logged-in user, or null. */
  public Session session() {
    return session;
  }

  /** Takes a token from the connection's request budget; false means answer rate_limited. */
  public boolean allowRequest() {
    return rate.tryTake();
  }

  /** Logs the connection in: live events for the new session are held until its login replay is over. */
  public Session openSession(Caller caller, boolean acknowledging, String tokenId) {
    SessionSink sink = new SessionSink();
    session = sessions.open(caller, acknowledging, tokenId, sink);
    sink.owner = session;
    return session;
  }

  /** Logs out: the session leaves the registries; the connection stays. */
  public Future<Void> closeSession() {
    Session closing = session;
    if (closing == null) {
      return Future.succeededFuture();
    }
    session = null;
    return sessions.close(closing);
  }

  /** Runs an action on this connection's context, where everything it does happens: now, if on its loop already. */
  public void onItsContext(Consumer<Connection> action) {
    if (((ContextInternal) context).nettyEventLoop().inEventLoop()) {
      action.accept(this);
    } else {
      context.runOnContext(v -> action.accept(this));
    }
  }

  /** The client's address. */
  public String remoteAddress() {
    return transport.remoteAddress();
  }

  /** True when no frame arrived since the given time. */
  public boolean idleSince(long nanos) {
    return lastFrameNanos - nanos < 0;
  }

  /**
   * Says {@code bye} with this reason and closes. A client that does not read what is still
   * queued for it within {@link #BYE_GRACE_MILLIS} is cut off.
   */
  public void bye(String reason) {
    if (state == State.OPEN) {
      state = State.CLOSING;
      transport.send(Frames.line(Events.bye(reason)));
      transport.close();
      context.owner().setTimer(BYE_GRACE_MILLIS, t -> {
        if (state != State.CLOSED) {
          transport.cutOff();
        }
      });
    }
  }

  /** Closes now, whatever is still queued (a node whose grace period for stopping is over). */
  public void cutOff() {
    if (state != State.CLOSED) {
      transport.cutOff();
    }
  }

  private void oversizedTurn() {
    replyError(null, null, new ChatException(ErrorCode.FRAME_TOO_LARGE,
        "a frame may have at most " + frameLimit + " bytes"));
    bye(Events.BYE_FRAME_TOO_LARGE);
  }

  /** The queue ran empty with nothing in flight: a half-closed or stopping connection ends now. */
  private void answeredAll() {
    if (!requests.idle()) {
      return;
    }
    if (state == State.CLOSED) {
      endSession();
    } else if (stopping) {
      bye(Events.BYE_SHUTTING_DOWN);
    } else if (inputEnded && state == State.OPEN) {
      state = State.CLOSING;
      transport.close();
    }
  }

  private void endSession() {
    closeSession().onComplete(done -> {
      if (!ended) {
        ended = true;
        lifecycle.ended(this);
      }
    });
  }

  /**
   * The connection as the sink of one session: once that session is over (a logout, even if
   * the connection logs in again) nothing more of it is written.
   */
  private final class SessionSink implements EventSink {

    private Session owner;

    @Override
    public Future<Void> write(Buffer frame) {
      if (state != State.OPEN || session != owner) {
        return Future.failedFuture(SESSION_OVER);
      }
      if (transport.writeQueueFull()) {
        LOG.info("user {} at {} stopped reading: closing the connection (slow consumer)", session.userId(),
            transport.remoteAddress());
        bye(Events.BYE_SLOW_CONSUMER);
        return Future.failedFuture("slow consumer");
      }
      return transport.write(frame);
    }

    @Override
    public Future<Void> writePaced(Buffer frame) {
      return state != State.OPEN || session != owner ? Future.failedFuture(SESSION_OVER) : transport.write(frame);
    }

    @Override
    public Context context() {
      return context;
    }
  }
}
