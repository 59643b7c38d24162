package io.chat.common.bus.social;

import io.chat.common.bus.BusMessage;
import io.chat.common.model.GroupEntry;
import io.vertx.core.json.JsonObject;

/** {@code group_create}, {@code group_join}: {@code {group: {id, name, desc, role}}}. */
public record GroupReply(GroupEntry group) implements BusMessage {

  private static final String GROUP = "group";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(GROUP, group.toJson());
  }

  public static GroupReply fromJson(JsonObject json) {
    return new GroupReply(GroupEntry.fromJson(json.getJsonObject(GROUP)));
  }
}
