package io.chat.message.route;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusFields;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Other nodes over the (clustered) event bus. A delivery is a request: the node answers once
 * the event is written to the recipients' sockets, naming the users it had no session for. A
 * node that does not answer within the send timeout (it died, or hangs) is taken to have
 * delivered nothing, so every copy is stored: a node that wrote and then died before
 * answering causes a duplicate at the next login, never a loss. A notice is a request too,
 * answered once the node has taken it.
 */
public final class EventBusNodes implements RemoteNodes {

  private static final Logger LOG = LoggerFactory.getLogger(EventBusNodes.class);

  private final EventBus bus;
  private final long timeoutMillis;
  private final DeliveryOptions deliver;

  public EventBusNodes(EventBus bus, long timeoutMillis) {
    this.bus = bus;
    this.timeoutMillis = timeoutMillis;
    this.deliver = new DeliveryOptions()
        .addHeader(Addresses.ACTION_HEADER, Actions.Node.DELIVER)
        .setSendTimeout(timeoutMillis);
  }

  @Override
  public Future<Set<Integer>> deliver(String node, JsonObject delivery) {
    JsonArray users = delivery.getJsonArray(BusFields.USERS);
    return bus.<JsonObject>request(Addresses.node(node), delivery.copy().put(BusFields.CONFIRM, true), deliver)
        .map(reply -> {
          JsonArray missed = reply.body().getJsonArray(BusFields.USERS);
          Set<Integer> taken = new HashSet<>();
          for (Object user : users) {
            if (!missed.contains(user)) {
              taken.add((Integer) user);
            }
          }
          return taken;
        })
        .otherwise(failure -> {
          LOG.debug("node {} did not take a delivery: {}", node, failure.toString());
          return Set.of();
        });
  }

  @Override
  public Future<Void> notify(String node, String action, JsonObject body) {
    return bus.request(Addresses.node(node), body, new DeliveryOptions()
            .addHeader(Addresses.ACTION_HEADER, action)
            .setSendTimeout(timeoutMillis))
        .onFailure(e -> LOG.debug("node {} did not take {}: {}", node, action, e.toString()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }
}
