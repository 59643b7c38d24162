package io.chat.gateway.delivery;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusFields;
import io.chat.gateway.Gateway;
import io.chat.gateway.protocol.Frames;
import io.chat.gateway.session.Session;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The node's delivery address ({@code chat.node.<id>}): the route layer hands it an event and
 * the users it is for; it queues the event on every session of those users on this node. Users
 * with no session here any more are named back to the route layer (in the answer to a request,
 * or as {@code undelivered}), which stores their copies. It also keeps the node's presence
 * entries alive with a heartbeat.
 */
public final class DeliveryVerticle extends VerticleBase {

  private final Gateway gateway;
  private long heartbeatTimer = -1;

  public DeliveryVerticle(Gateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public Future<?> start() {
    long interval = Math.max(200, gateway.config().presenceTtlMillis() / 3);
    heartbeatTimer = vertx.setPeriodic(0, interval, tick -> heartbeat());
    return vertx.eventBus().<JsonObject>consumer(Addresses.node(gateway.nodeId()), this::deliver).completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(heartbeatTimer);
    return Future.succeededFuture();
  }

  private void deliver(Message<JsonObject> message) {
    JsonObject body = message.body();
    String json = body.getString(BusFields.EVENT);
    Buffer event = Frames.line(json);
    JsonArray missed = new JsonArray();
    for (Object user : body.getJsonArray(BusFields.USERS)) {
      Session[] sessions = gateway.sessions().sessionsOf((Integer) user);
      if (sessions.length == 0) {
        missed.add(user);
      }
      for (Session session : sessions) {
        session.deliver(event);
      }
    }
    if (message.replyAddress() != null) {
      // A route layer on another node waits for the answer, and stores what was missed.
      message.reply(new JsonObject().put(BusFields.USERS, missed));
    } else if (!missed.isEmpty() && body.getBoolean(BusFields.STORE, false)) {
      gateway.services().send(Addresses.MESSAGE, Actions.Message.UNDELIVERED,
          new JsonObject().put(BusFields.USERS, missed).put(BusFields.EVENT, json));
    }
  }

  private void heartbeat() {
    gateway.services().send(Addresses.MESSAGE, Actions.Message.NODE_HEARTBEAT,
        new JsonObject().put(BusFields.NODE, gateway.nodeId()));
  }
}
