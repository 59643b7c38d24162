package io.chat.common.bus.social;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.chat.common.model.GroupEntry;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** {@code groups}: {@code {groups: [{id, name, desc, role}]}}. */
public record GroupList(List<GroupEntry> groups) implements BusMessage {

  private static final String GROUPS = "groups";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(GROUPS, Lists.toJson(groups, GroupEntry::toJson));
  }

  public static GroupList fromJson(JsonObject json) {
    return new GroupList(Lists.fromJson(json.getJsonArray(GROUPS), GroupEntry::fromJson));
  }
}
