package io.chat.common.bus.node;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Several deliveries for one node in one bus message, handled in their order. */
public record Deliveries(List<Delivery> deliveries) implements BusMessage {

  private static final String DELIVERIES = "deliveries";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(DELIVERIES, Lists.toJson(deliveries, Delivery::toJson));
  }

  public static Deliveries fromJson(JsonObject json) {
    return new Deliveries(Lists.fromJson(json.getJsonArray(DELIVERIES), Delivery::fromJson));
  }
}
