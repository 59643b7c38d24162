package io.chat.common.bus.social;

import io.chat.common.bus.BusMessage;
import io.chat.common.model.Caller;
import io.chat.common.model.Named;
import io.vertx.core.json.JsonObject;

/** The caller acts on a group named by id or name (join, leave, delete, members). */
public record GroupAction(Caller caller, Named group) implements BusMessage {

  private static final String GROUP = "group";

  @Override
  public JsonObject toJson() {
    return caller.into(new JsonObject()).put(GROUP, group.value());
  }

  public static GroupAction fromJson(JsonObject json) {
    return new GroupAction(Caller.fromJson(json), Named.of(json.getValue(GROUP)));
  }
}
