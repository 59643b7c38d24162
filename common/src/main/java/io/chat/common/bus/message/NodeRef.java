package io.chat.common.bus.message;

import io.chat.common.bus.BusMessage;
import io.vertx.core.json.JsonObject;

/** A gateway node, named by its id (heartbeats, start-up). */
public record NodeRef(String node) implements BusMessage {

  private static final String NODE = "node";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(NODE, node);
  }

  public static NodeRef fromJson(JsonObject json) {
    return new NodeRef(json.getString(NODE));
  }
}
