package io.chat.common.bus;

import io.vertx.core.json.JsonObject;

/** A body with nothing in it: the reply of actions that only succeed or fail. */
public record Empty() implements BusMessage {

  public static final Empty INSTANCE = new Empty();

  public static Empty fromJson(JsonObject json) {
    return INSTANCE;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject();
  }
}
