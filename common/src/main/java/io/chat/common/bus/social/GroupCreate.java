package io.chat.common.bus.social;

import io.chat.common.bus.BusMessage;
import io.chat.common.model.Caller;
import io.vertx.core.json.JsonObject;

/** {@code group_create}: the new group's name and description (empty when none was given). */
public record GroupCreate(Caller caller, String name, String desc) implements BusMessage {

  private static final String NAME = "name";
  private static final String DESC = "desc";

  @Override
  public JsonObject toJson() {
    return caller.into(new JsonObject()).put(NAME, name).put(DESC, desc);
  }

  public static GroupCreate fromJson(JsonObject json) {
    return new GroupCreate(Caller.fromJson(json), json.getString(NAME), json.getString(DESC, ""));
  }
}
