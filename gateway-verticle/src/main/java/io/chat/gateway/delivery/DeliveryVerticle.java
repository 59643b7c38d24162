package io.chat.gateway.delivery;

import io.chat.common.bus.ActionRouter;
import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusFields;
import io.chat.gateway.Gateway;
import io.chat.gateway.protocol.Frames;
import io.chat.gateway.session.LoopHandOff;
import io.chat.gateway.session.Session;
import io.chat.gateway.session.UserCopies;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's delivery address ({@code chat.node.<id>}): the route layer hands it an event and
 * the users it is for (this node's own route layer in batches of such deliveries); it hands the
 * event to every session of those users on this node, one task per event loop. Users
 * with no session here any more are named back to the route layer (in the answer to a request,
 * or as {@code undelivered}), which stores their copies. A presence event older than one
 * already handed out for the same user is dropped ({@link NewestPresence}). It also keeps the
 * node's presence entries alive with a heartbeat.
 */
public final class DeliveryVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryVerticle.class);
  private static final Future<JsonObject> NO_ANSWER = Future.succeededFuture(new JsonObject());

  private final Gateway gateway;
  private final Timer latency;
  private final NewestPresence newestPresence = new NewestPresence();
  private long heartbeatTimer = -1;

  public DeliveryVerticle(Gateway gateway) {
    this.gateway = gateway;
    this.latency = Timer.builder("chat.delivery.latency")
        .description("From a message's acceptance (its ts) to its hand-off to the recipients' connections")
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
    ActionRouter router = new ActionRouter(Addresses.node(gateway.nodeId()), failure -> null, gateway.metrics())
        .on(Actions.Node.DELIVER, this::deliver)
        .on(Actions.Node.DELIVER_BATCH, this::deliverBatch)
        .on(Actions.Node.REPLAY_STORED, this::replayStored);
    return gateway.services().request(Addresses.MESSAGE, Actions.Message.NODE_STARTED,
            new JsonObject().put(BusFields.NODE, gateway.nodeId()))
        .onFailure(e -> LOG.warn("sessions of an earlier run of node {} not removed: {}", gateway.nodeId(),
            e.getMessage()))
        .otherwiseEmpty()
        .compose(cleared -> {
          long interval = Math.max(200, gateway.config().presenceTtlMillis() / 3);
          heartbeatTimer = vertx.setPeriodic(0, interval, tick -> heartbeat());
          return vertx.eventBus().<JsonObject>consumer(Addresses.node(gateway.nodeId()), router::handle).completion();
        });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(heartbeatTimer);
    return Future.succeededFuture();
  }

  private Future<JsonObject> deliver(JsonObject body) {
    if (body.getBoolean(BusFields.CONFIRM, false)) {
      return deliverConfirmed(body);
    }
    LoopHandOff handOff = new LoopHandOff();
    deliver(body, handOff);
    handOff.run();
    return NO_ANSWER;
  }

  /** One-way deliveries from this node's route layer, in the order they were made. */
  private Future<JsonObject> deliverBatch(JsonObject body) {
    LoopHandOff handOff = new LoopHandOff();
    for (Object delivery : body.getJsonArray(BusFields.DELIVERIES)) {
      deliver((JsonObject) delivery, handOff);
    }
    handOff.run();
    return NO_ANSWER;
  }

  private void deliver(JsonObject body, LoopHandOff handOff) {
    if (newestPresence.isStale(body)) {
      return;
    }
    Long sent = body.getLong(BusFields.SENT);
    if (sent != null) {
      latency.record(Math.max(0, System.currentTimeMillis() - sent), TimeUnit.MILLISECONDS);
    }
    String json = body.getString(BusFields.EVENT);
    Buffer event = Frames.line(json);
    boolean store = body.getBoolean(BusFields.STORE, false);
    JsonArray missed = new JsonArray();
    for (Object user : body.getJsonArray(BusFields.USERS)) {
      Session[] sessions = gateway.sessions().sessionsOf((Integer) user);
      if (sessions.length == 0) {
        missed.add(user);
      }
      UserCopies copies = new UserCopies((Integer) user, event, store, sessions.length);
      for (Session session : sessions) {
        session.deliver(copies, handOff);
      }
    }
    if (!missed.isEmpty() && store) {
      gateway.services().send(Addresses.MESSAGE, Actions.Message.UNDELIVERED,
          new JsonObject().put(BusFields.USERS, missed).put(BusFields.EVENTS, new JsonArray().add(json)));
    }
  }

  /**
   * A delivery from the route layer of another node, which waits for the answer: it is given
   * once the event is written to the sockets, and names the users none of whose sessions took
   * it, so that node stores their copies. If this node dies before answering, the sender's
   * timeout decides: the copies are stored, never lost.
   */
  private Future<JsonObject> deliverConfirmed(JsonObject body) {
    if (newestPresence.isStale(body)) {
      return Future.succeededFuture(new JsonObject().put(BusFields.USERS, new JsonArray()));
    }
    Buffer event = Frames.line(body.getString(BusFields.EVENT));
    List<Future<Boolean>> perUser = new ArrayList<>();
    JsonArray users = body.getJsonArray(BusFields.USERS);
    for (Object user : users) {
      List<Future<Boolean>> writes = new ArrayList<>();
      Session[] sessions = gateway.sessions().sessionsOf((Integer) user);
      UserCopies copies = new UserCopies((Integer) user, event, false, sessions.length);
      for (Session session : sessions) {
        writes.add(session.deliverConfirmed(copies));
      }
      perUser.add(Future.all(writes).map(all -> all.<Boolean>list().contains(true)));
    }
    return Future.all(perUser).map(done -> {
      JsonArray missed = new JsonArray();
      for (int i = 0; i < users.size(); i++) {
        if (!perUser.get(i).result()) {
          missed.add(users.getValue(i));
        }
      }
      return new JsonObject().put(BusFields.USERS, missed);
    });
  }

  /** Messages were stored for these users although they have sessions here: replay them. */
  private Future<JsonObject> replayStored(JsonObject body) {
    for (Object user : body.getJsonArray(BusFields.USERS)) {
      for (Session session : gateway.sessions().sessionsOf((Integer) user)) {
        session.replayLateStored();
      }
    }
    return NO_ANSWER;
  }

  /**
   * Keeps this node's presence entries alive. If the heartbeat had lapsed (Redis was out of
   * reach longer than the TTL), the entries may have been reaped: they are registered again.
   */
  private void heartbeat() {
    gateway.services().request(Addresses.MESSAGE, Actions.Message.NODE_HEARTBEAT,
            new JsonObject().put(BusFields.NODE, gateway.nodeId()))
        .onSuccess(reply -> {
          if (reply.getBoolean(BusFields.RESTORE, false)) {
            restoreSessions();
          }
        });
  }

  private void restoreSessions() {
    JsonArray sessions = new JsonArray();
    for (Session session : gateway.sessions().all()) {
      sessions.add(new JsonObject().put(BusFields.UID, session.userId()).put(BusFields.UNAME, session.userName())
          .put(BusFields.SESSION, session.id()));
    }
    if (!sessions.isEmpty()) {
      gateway.services().send(Addresses.MESSAGE, Actions.Message.SESSIONS_RESTORE,
          new JsonObject().put(BusFields.NODE, gateway.nodeId()).put(BusFields.SESSIONS, sessions));
    }
  }
}
