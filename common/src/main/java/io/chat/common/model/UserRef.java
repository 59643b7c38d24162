package io.chat.common.model;

import io.chat.common.bus.BusMessage;
import io.vertx.core.json.JsonObject;

/** A user as others see it: {@code {id, name}}. */
public record UserRef(int id, String name) implements BusMessage {

  private static final String ID = "id";
  private static final String NAME = "name";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(ID, id).put(NAME, name);
  }

  public static UserRef fromJson(JsonObject json) {
    return new UserRef(json.getInteger(ID), json.getString(NAME));
  }
}
