package io.chat.gateway.delivery;

import io.chat.common.bus.ActionRouter;
import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusMessageCodec;
import io.chat.common.bus.Empty;
import io.chat.common.bus.message.HeadsRequest;
import io.chat.common.bus.message.NodeRef;
import io.chat.common.bus.message.SessionRef;
import io.chat.common.bus.message.SessionsRestore;
import io.chat.common.bus.message.UserHeads;
import io.chat.common.bus.node.Deliveries;
import io.chat.common.bus.node.Delivery;
import io.chat.common.bus.social.OfUser;
import io.chat.gateway.Gateway;
import io.chat.gateway.session.Session;
import io.chat.gateway.session.SessionRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's delivery address ({@code chat.node.<id>}): the message services hand it events and
 * the users they are for (this node's own message service in batches); it hands each event to
 * every session of those users on this node, one task per event loop, where each session's
 * {@code ConvFeed} keeps its conversations in order. A presence event older than one already
 * handed out for the same user is dropped ({@link NewestPresence}). It also writes the cursors
 * the node's sessions moved, a few times a second, keeps the node's presence entries alive with a
 * heartbeat, and when another node leaves the cluster has every session check it missed nothing.
 */
public final class DeliveryVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryVerticle.class);
  private static final long CURSOR_FLUSH_MILLIS = 200;
  private static final int HEADS_PER_REQUEST = 500;
  private static final int HEADS_ATTEMPTS = 30;
  private static final long HEADS_RETRY_MILLIS = 1_000;

  private final Gateway gateway;
  private final SessionRegistry registry;
  private final Timer latency;
  private final NewestPresence newestPresence = new NewestPresence();
  private long heartbeatTimer = -1;
  private long cursorTimer = -1;

  public DeliveryVerticle(Gateway gateway) {
    this.gateway = gateway;
    this.registry = gateway.sessions().registry();
    this.latency = Timer.builder("chat.delivery.latency")
        .description("From a message's commit (its ts) to its hand-off to the recipients' connections")
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(1000), Duration.ofMillis(5000))
        .register(gateway.metrics());
  }

  /**
   * Before any session opens here: sessions an earlier run of this node left registered (it
   * crashed) are removed, and their users go offline. Then the heartbeat starts.
   */
  @Override
  public Future<?> start() {
    BusMessageCodec.register(vertx.eventBus());
    ActionRouter router = new ActionRouter(Addresses.node(gateway.nodeId()), failure -> null, gateway.metrics())
        .on(Actions.Node.DELIVER, this::deliver)
        .on(Actions.Node.DELIVER_BATCH, this::deliverBatch)
        .on(Actions.Node.FLUSH_CURSORS, this::flushCursors);
    vertx.eventBus().<JsonObject>localConsumer(Addresses.NODE_LEFT, left -> checkAllHeads());
    cursorTimer = vertx.setPeriodic(CURSOR_FLUSH_MILLIS, tick -> gateway.sessions().cursors().flushIfIdle()
        .onFailure(e -> LOG.debug("cursors not written yet: {}", e.toString())));
    return gateway.services().request(Actions.Message.NODE_STARTED, new NodeRef(gateway.nodeId()))
        .onFailure(e -> LOG.warn("sessions of an earlier run of node {} not removed: {}", gateway.nodeId(),
            e.getMessage()))
        .otherwiseEmpty()
        .compose(cleared -> {
          long interval = Math.max(200, gateway.config().presenceTtlMillis() / 3);
          heartbeatTimer = vertx.setPeriodic(0, interval, tick -> heartbeat());
          return vertx.eventBus().consumer(Addresses.node(gateway.nodeId()), router::handle).completion();
        });
  }

  /** The cursors still held are written before the node goes. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(heartbeatTimer);
    vertx.cancelTimer(cursorTimer);
    return gateway.sessions().cursors().flush().otherwiseEmpty();
  }

  private Future<Empty> deliver(Delivery delivery) {
    LoopHandOff handOff = new LoopHandOff();
    handOut(delivery, handOff);
    handOff.run();
    return Future.succeededFuture(Empty.INSTANCE);
  }

  /** One-way deliveries from this node's message service, in the order they were made. */
  private Future<Empty> deliverBatch(Deliveries batch) {
    LoopHandOff handOff = new LoopHandOff();
    batch.deliveries().forEach(delivery -> handOut(delivery, handOff));
    handOff.run();
    return Future.succeededFuture(Empty.INSTANCE);
  }

  private void handOut(Delivery delivery, LoopHandOff handOff) {
    if (newestPresence.isStale(delivery)) {
      return;
    }
    if (delivery.sent() > 0) {
      latency.record(Math.max(0, System.currentTimeMillis() - delivery.sent()), TimeUnit.MILLISECONDS);
    }
    for (Integer user : delivery.users()) {
      for (Session session : registry.sessionsOf(user)) {
        if (!session.id().equals(delivery.exceptSession())) {
          handOff.add(session.context(), () -> session.feed().deliver(delivery));
        }
      }
    }
  }

  private Future<Empty> flushCursors(OfUser user) {
    return gateway.sessions().cursors().flush(user.userId()).map(Empty.INSTANCE);
  }

  /**
   * Another node left: it may have committed messages it never delivered. Every session here
   * compares the heads of its conversations with what it was sent, read for many users at once.
   */
  private void checkAllHeads() {
    List<Integer> users = registry.all().stream().map(Session::userId).distinct().toList();
    for (int start = 0; start < users.size(); start += HEADS_PER_REQUEST) {
      checkHeads(List.copyOf(users.subList(start, Math.min(users.size(), start + HEADS_PER_REQUEST))), 1);
    }
  }

  /**
   * Reads the heads of these users, again and again while it fails: the request that follows a
   * node's death often still meets the dead node's handlers, and a message that node committed
   * as its last in a conversation is found by nothing else until the user's next login.
   */
  private void checkHeads(List<Integer> users, int attempt) {
    gateway.services().request(Actions.Message.HEADS, new HeadsRequest(users))
        .onSuccess(heads -> heads.users().forEach(this::caughtUp))
        .onFailure(e -> {
          if (attempt < HEADS_ATTEMPTS) {
            LOG.info("heads of {} users not checked after a node left ({}), trying again", users.size(), e.getMessage());
            vertx.setTimer(HEADS_RETRY_MILLIS, t -> checkHeads(users, attempt + 1));
          } else {
            LOG.warn("heads of {} users not checked after a node left, {} attempts: {}", users.size(), attempt,
                e.toString());
          }
        });
  }

  private void caughtUp(UserHeads heads) {
    for (Session session : registry.sessionsOf(heads.user())) {
      ((ContextInternal) session.context()).emit(null, v -> session.feed().caughtUp(heads.heads()));
    }
  }

  /**
   * Keeps this node's presence entries alive. If the heartbeat had lapsed (Redis was out of
   * reach longer than the TTL), the entries may have been reaped: they are registered again.
   */
  private void heartbeat() {
    gateway.services().request(Actions.Message.NODE_HEARTBEAT, new NodeRef(gateway.nodeId()))
        .onSuccess(reply -> {
          if (reply.restore()) {
            restoreSessions();
          }
        });
  }

  private void restoreSessions() {
    List<SessionRef> sessions = new ArrayList<>();
    for (Session session : registry.all()) {
      sessions.add(new SessionRef(session.caller(), gateway.nodeId(), session.id()));
    }
    if (!sessions.isEmpty()) {
      gateway.services().send(Actions.Message.SESSIONS_RESTORE, new SessionsRestore(gateway.nodeId(), sessions));
    }
  }
}
