package io.chat.message.route;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusAction;
import io.chat.common.bus.BusMessage;
import io.chat.common.bus.node.Delivery;
import io.chat.store.KeySpace;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's topology ({@code CHAT_ROUTE=redis}): independent nodes that share MySQL and Redis
 * and reach each other over Redis pub/sub instead of a clustered event bus.
 *
 * <ul>
 *   <li>Each node subscribes to its own channel ({@code <prefix>route:node:<id>}); deliveries
 *       and notices for its sessions arrive there and go on to its local delivery address.
 *       Redis pub/sub has no acknowledgement: a delivery published while a node is away is
 *       lost to its live sessions, and the session finds the gap at its next message (or its
 *       user gets the message at the next login): the log has it either way.</li>
 *   <li>The cluster-wide broadcasts ({@code chat.social.changes}, {@code chat.presence.changes})
 *       are relayed through {@code <prefix>route:broadcast} both ways, so caches and presence
 *       mirrors on every node follow every change.</li>
 *   <li>Redis drops subscribers that disconnect. The subscription is made again, with backoff,
 *       until it holds; broadcasts missed meanwhile are made up by {@code onResubscribed}.</li>
 * </ul>
 */
public final class RedisNodes implements RemoteNodes {

  private static final Logger LOG = LoggerFactory.getLogger(RedisNodes.class);
  private static final String RELAYED = "relayed";
  private static final List<String> BROADCASTS = List.of(Addresses.SOCIAL_CHANGES, Addresses.PRESENCE_CHANGES);
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final Vertx vertx;
  private final Redis redis;
  private final KeySpace keys;
  private final String nodeId;
  private final Runnable onResubscribed;
  private final List<MessageConsumer<Object>> outbound = new ArrayList<>();
  private RedisConnection subscriber;
  private long backoffMillis = 100;
  private boolean stopped;
  private boolean subscribedBefore;

  public RedisNodes(Vertx vertx, Redis redis, KeySpace keys, String nodeId, Runnable onResubscribed) {
    this.vertx = vertx;
    this.redis = redis;
    this.keys = keys;
    this.nodeId = nodeId;
    this.onResubscribed = onResubscribed;
  }

  public Future<Void> start() {
    for (String address : BROADCASTS) {
      MessageConsumer<Object> consumer = vertx.eventBus().localConsumer(address, this::broadcast);
      outbound.add(consumer);
    }
    return subscribe();
  }

  public Future<Void> stop() {
    stopped = true;
    outbound.forEach(MessageConsumer::unregister);
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }

  @Override
  public Future<Void> deliver(String node, Delivery delivery) {
    return notify(node, Actions.Node.DELIVER, delivery);
  }

  @Override
  public <Q extends BusMessage> Future<Void> notify(String node, BusAction<Q, ?> action, Q body) {
    // Taken once Redis answers: it queues the message to every subscriber's connection before it
    // answers, ahead of anything published later. (A Redis-route node runs every role, so one
    // message service handles all of a connection's requests, one after another.)
    return publish(nodeChannel(node), action.name(), body.toJson())
        .onFailure(e -> LOG.warn("{} to node {} not published: {}", action.name(), node, e.toString()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private Future<Long> publish(String channel, String action, JsonObject body) {
    String message = new JsonObject().put("action", action).put("body", body).encode();
    return redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg(message)).map(Response::toLong);
  }

  /** A local broadcast goes to the other nodes, unless it came from them. */
  private void broadcast(Message<Object> message) {
    if (message.headers().contains(RELAYED)) {
      return;
    }
    String payload = new JsonObject()
        .put("origin", nodeId)
        .put("address", message.address())
        .put("body", message.body())
        .put("headers", headers(message))
        .encode();
    redis.send(Request.cmd(Command.PUBLISH).arg(broadcastChannel()).arg(payload))
        .onFailure(e -> LOG.warn("broadcast on {} not relayed: {}", message.address(), e.toString()));
  }

  private Future<Void> subscribe() {
    return redis.connect().compose(connection -> {
      subscriber = connection;
      connection.handler(this::onPush);
      connection.exceptionHandler(e -> resubscribeLater("connection error: " + e.getMessage()));
      connection.endHandler(v -> resubscribeLater("connection closed"));
      return connection.send(Request.cmd(Command.SUBSCRIBE).arg(nodeChannel(nodeId)).arg(broadcastChannel()));
    }).<Void>mapEmpty().onSuccess(v -> {
      backoffMillis = 100;
      if (subscribedBefore) {
        LOG.info("redis route: subscribed again");
        onResubscribed.run();
      }
      subscribedBefore = true;
    });
  }

  private void resubscribeLater(String reason) {
    if (stopped) {
      return;
    }
    LOG.warn("redis route: subscription lost ({}); subscribing again in {} ms", reason, backoffMillis);
    subscriber = null;
    long delay = backoffMillis;
    backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
    vertx.setTimer(delay, t -> subscribe().onFailure(e -> resubscribeLater(e.getMessage())));
  }

  /** RESP3 push frames: [message, channel, payload] (subscription confirmations are ignored). */
  private void onPush(Response push) {
    if (push.type() != ResponseType.PUSH || push.size() < 3 || !"message".equals(push.get(0).toString())) {
      return;
    }
    String channel = push.get(1).toString();
    JsonObject message = new JsonObject(push.get(2).toString());
    if (channel.equals(broadcastChannel())) {
      if (!nodeId.equals(message.getString("origin"))) {
        DeliveryOptions options = new DeliveryOptions().addHeader(RELAYED, "true");
        message.getJsonObject("headers", new JsonObject()).forEach(h -> options.addHeader(h.getKey(), (String) h.getValue()));
        vertx.eventBus().publish(message.getString("address"), message.getValue("body"), options);
      }
    } else {
      vertx.eventBus().send(Addresses.node(nodeId), message.getJsonObject("body"),
          new DeliveryOptions().addHeader(Addresses.ACTION_HEADER, message.getString("action")));
    }
  }

  private static JsonObject headers(Message<Object> message) {
    JsonObject headers = new JsonObject();
    message.headers().forEach(header -> headers.put(header.getKey(), header.getValue()));
    return headers;
  }

  private String nodeChannel(String node) {
    return keys.key("route", "node", node);
  }

  private String broadcastChannel() {
    return keys.key("route", "broadcast");
  }

}
