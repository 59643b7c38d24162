package io.chat.message;

import io.chat.common.bus.ActionRouter;
import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.Empty;
import io.chat.common.bus.ServiceClient;
import io.chat.common.bus.message.HeartbeatReply;
import io.chat.common.bus.message.NodeRef;
import io.chat.common.bus.node.Deliveries;
import io.chat.common.bus.node.Delivery;
import io.chat.common.bus.social.OfUser;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A gateway node as the message service sees it, played by a test: its delivery address
 * ({@link Addresses#node}) records every delivery (noting those that came in a batch) and the
 * users it is asked to write cursors for, answering as a node does; and, once started, a
 * heartbeat every 200 ms (with a presence TTL of one second the node's sessions then stay).
 */
final class PlayedNode {

  /** A delivery as the node took it. */
  record Received(Delivery delivery, boolean batched) {

    /** The event's JSON. */
    JsonObject event() {
      return new JsonObject(delivery.event().text());
    }

    boolean isMessage() {
      return delivery.conv() != null;
    }

    boolean names(int user) {
      return delivery.users().contains(user);
    }
  }

  private static final long HEARTBEAT_MILLIS = 200;

  private final Vertx vertx;
  private final String id;
  private final List<Received> received = new ArrayList<>();
  private final List<Integer> flushed = new ArrayList<>();
  private final List<Boolean> heartbeatReplies = new ArrayList<>();
  private volatile boolean hanging;
  private volatile Function<OfUser, Future<Empty>> onFlush = user -> Future.succeededFuture(Empty.INSTANCE);
  private MessageConsumer<Object> consumer;
  private long heartbeatTimer = -1;

  private PlayedNode(Vertx vertx, String id) {
    this.vertx = vertx;
    this.id = id;
  }

  /** A node whose delivery address is registered once the future completes. */
  static Future<PlayedNode> start(Vertx vertx, String id) {
    PlayedNode node = new PlayedNode(vertx, id);
    ActionRouter router = new ActionRouter(Addresses.node(id), failure -> null, new SimpleMeterRegistry())
        .on(Actions.Node.DELIVER, node::deliver)
        .on(Actions.Node.DELIVER_BATCH, node::deliverBatch)
        .on(Actions.Node.FLUSH_CURSORS, node::flush);
    node.consumer = vertx.eventBus().consumer(Addresses.node(id), router::handle);
    return node.consumer.completion().map(node);
  }

  String id() {
    return id;
  }

  /** A session id of this node, as its gateway makes them. */
  String session(String name) {
    return id + "/" + name;
  }

  /** What the node does when asked to write the cursors it holds for a user (by default: nothing to write). */
  void onFlush(Function<OfUser, Future<Empty>> handler) {
    onFlush = handler;
  }

  /** From now on the node takes deliveries but never answers them, as a node that hangs does. */
  void hang() {
    hanging = true;
  }

  /** Sends heartbeats from now on, as a live node does. */
  synchronized void startHeartbeat(ServiceClient client) {
    heartbeatTimer = vertx.setPeriodic(0, HEARTBEAT_MILLIS, tick -> heartbeat(client));
  }

  /** Stops the heartbeats, as a node that died or lost Redis does. */
  synchronized void stopHeartbeat() {
    vertx.cancelTimer(heartbeatTimer);
  }

  /** Sends one heartbeat; completes with whether the node was told to register its sessions again. */
  Future<Boolean> heartbeat(ServiceClient client) {
    return client.request(Actions.Message.NODE_HEARTBEAT, new NodeRef(id)).map(HeartbeatReply::restore)
        .onSuccess(restore -> {
          synchronized (this) {
            heartbeatReplies.add(restore);
          }
        });
  }

  /** Whether any heartbeat so far was answered with "register your sessions again". */
  synchronized boolean toldToRestore() {
    return heartbeatReplies.contains(true);
  }

  /** Every delivery so far, in the order taken. */
  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /** The deliveries so far that match. */
  List<Received> received(Predicate<Received> matching) {
    return received().stream().filter(matching).toList();
  }

  /** The message deliveries so far naming this user, in the order taken. */
  List<Received> messagesFor(int user) {
    return received(r -> r.isMessage() && r.names(user));
  }

  /** The users this node was asked to write cursors for, in order. */
  synchronized List<Integer> flushed() {
    return List.copyOf(flushed);
  }

  Future<Void> stop() {
    stopHeartbeat();
    return consumer.unregister();
  }

  private synchronized Future<Empty> deliver(Delivery delivery) {
    received.add(new Received(delivery, false));
    return hanging ? Promise.<Empty>promise().future() : Future.succeededFuture(Empty.INSTANCE);
  }

  private synchronized Future<Empty> deliverBatch(Deliveries batch) {
    batch.deliveries().forEach(delivery -> received.add(new Received(delivery, true)));
    return Future.succeededFuture(Empty.INSTANCE);
  }

  private Future<Empty> flush(OfUser user) {
    synchronized (this) {
      flushed.add(user.userId());
    }
    return onFlush.apply(user);
  }
}
