package io.chat.common.bus.social;

import io.chat.common.bus.BusMessage;
import io.chat.common.model.Named;
import io.vertx.core.json.JsonObject;

/** A user or group looked up by id or name (relation cache fills). */
public record Lookup(Named named) implements BusMessage {

  private static final String NAMED = "named";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(NAMED, named.value());
  }

  public static Lookup fromJson(JsonObject json) {
    return new Lookup(Named.of(json.getValue(NAMED)));
  }
}
