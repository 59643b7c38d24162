package io.chat.message.route;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusMessageCodec;
import io.chat.common.bus.node.Deliveries;
import io.chat.common.bus.node.Delivery;
import io.vertx.core.Context;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.List;

/**
 * Deliveries for this node's own gateway, gathered while the message service works through the
 * requests queued on its event loop and handed over as one bus message after them. Under load
 * one hop then carries many events; at rest a batch holds one and leaves at once. Deliveries
 * leave in the order they were added, so each session gets a conversation in seq order.
 */
final class LocalNodeBatch {

  private final Context context;
  private final EventBus bus;
  private final String address;
  private final DeliveryOptions options = BusMessageCodec.options()
      .addHeader(Addresses.ACTION_HEADER, Actions.Node.DELIVER_BATCH.name());
  private List<Delivery> pending;

  /** Must be created on the message service's context, where {@link #add} is called. */
  LocalNodeBatch(Context context, EventBus bus, String localNode) {
    this.context = context;
    this.bus = bus;
    this.address = Addresses.node(localNode);
  }

  void add(Delivery delivery) {
    if (pending == null) {
      pending = new ArrayList<>();
      // Queued behind the tasks already waiting on this event loop: the batch leaves after them.
      context.runOnContext(v -> flush());
    }
    pending.add(delivery);
  }

  /** Hands over what is gathered; called before anything else is sent to the node, to keep the order. */
  void flush() {
    if (pending != null) {
      List<Delivery> batch = pending;
      pending = null;
      bus.send(address, new Deliveries(List.copyOf(batch)), options);
    }
  }
}
