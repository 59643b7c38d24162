package io.chat.message.route;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusAction;
import io.chat.common.bus.BusMessage;
import io.chat.common.bus.BusMessageCodec;
import io.chat.common.bus.node.Delivery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Other nodes over the (clustered) event bus. A delivery is a request the node answers once its
 * sessions have the event; one that fails (the link dropped it, or the node hangs) is sent once
 * more after a moment, as the node's sessions drop a repeat by its seq. A node that does not
 * answer the second time is given up on: it died, and its sessions with it.
 */
public final class EventBusNodes implements RemoteNodes {

  private static final Logger LOG = LoggerFactory.getLogger(EventBusNodes.class);
  private static final long RETRY_AFTER_MILLIS = 500;

  private final Vertx vertx;
  private final long timeoutMillis;

  public EventBusNodes(Vertx vertx, long timeoutMillis) {
    this.vertx = vertx;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public Future<Void> deliver(String node, Delivery delivery) {
    return request(node, Actions.Node.DELIVER, delivery)
        .recover(first -> vertx.timer(RETRY_AFTER_MILLIS).compose(t -> request(node, Actions.Node.DELIVER, delivery)))
        .onFailure(e -> LOG.debug("node {} did not take a delivery: {}", node, e.toString()))
        .otherwiseEmpty();
  }

  @Override
  public <Q extends BusMessage> Future<Void> notify(String node, BusAction<Q, ?> action, Q body) {
    return request(node, action, body)
        .onFailure(e -> LOG.debug("node {} did not take {}: {}", node, action.name(), e.toString()))
        .otherwiseEmpty();
  }

  private <Q extends BusMessage> Future<Void> request(String node, BusAction<Q, ?> action, Q body) {
    return vertx.eventBus().request(Addresses.node(node), body, BusMessageCodec.options()
        .addHeader(Addresses.ACTION_HEADER, action.name())
        .setSendTimeout(timeoutMillis)).mapEmpty();
  }
}
