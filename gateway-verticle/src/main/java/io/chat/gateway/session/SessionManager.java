package io.chat.gateway.session;

import io.chat.common.bus.Actions;
import io.chat.common.bus.ServiceClient;
import io.chat.common.bus.message.SessionRef;
import io.chat.common.model.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and closes the sessions of this node's connections: the node's registry (which the
 * delivery address reads) and the presence registry (which every node's message service reads).
 */
public final class SessionManager {

  private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);
  private static final long CLOSE_RETRY_FIRST_MILLIS = 1_000;
  private static final long CLOSE_RETRY_MAX_MILLIS = 30_000;

  private final Vertx vertx;
  private final String nodeId;
  private final ServiceClient services;
  private final SessionRegistry registry = new SessionRegistry();
  private final CursorBook cursors;
  private final Counter replayed;
  private final AtomicLong counter = new AtomicLong();

  public SessionManager(Vertx vertx, String nodeId, ServiceClient services, MeterRegistry metrics) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.services = services;
    this.cursors = new CursorBook(services);
    this.replayed = Counter.builder("chat.replayed.messages")
        .description("Messages a login replayed from the log (offline: true)").register(metrics);
  }

  public SessionRegistry registry() {
    return registry;
  }

  public CursorBook cursors() {
    return cursors;
  }

  public String nodeId() {
    return nodeId;
  }

  /**
   * A new session of a user on a connection: registered on this node at once, so its feed holds
   * the live events that arrive from now on until its login replay is over.
   */
  public Session open(Caller caller, boolean acknowledging, String tokenId, EventSink sink) {
    Session session = new Session(caller, nodeId + "/" + counter.incrementAndGet(), acknowledging, tokenId, sink,
        new ConvFeed(caller.id(), acknowledging, sink, services, cursors, replayed));
    registry.add(session);
    return session;
  }

  /** Ends a session: it leaves this node's registry at once, and the presence registry. */
  public Future<Void> close(Session session) {
    session.feed().close();
    registry.remove(session);
    return closeInRegistry(new SessionRef(session.caller(), nodeId, session.id()), CLOSE_RETRY_FIRST_MILLIS);
  }

  /**
   * A close that failed would leave the user online for as long as this node lives (its
   * heartbeat keeps its entries), so it is tried again, with backoff, until it succeeds; a second
   * close of one session changes nothing. The future is the first try's.
   */
  private Future<Void> closeInRegistry(SessionRef session, long retryMillis) {
    return services.request(Actions.Message.SESSION_CLOSE, session)
        .onFailure(e -> {
          LOG.warn("session {} of user {} not closed in the presence registry ({}): trying again in {} ms",
              session.session(), session.caller().id(), e.getMessage(), retryMillis);
          vertx.setTimer(retryMillis,
              retry -> closeInRegistry(session, Math.min(2 * retryMillis, CLOSE_RETRY_MAX_MILLIS)));
        })
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }
}
