package io.chat.common.bus.social;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.chat.common.model.GroupRef;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A group and its members' ids (relation cache fill). */
public record GroupMembers(GroupRef group, List<Integer> members) implements BusMessage {

  private static final String GROUP = "group";
  private static final String MEMBERS = "members";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(GROUP, group.toJson()).put(MEMBERS, Lists.ids(members));
  }

  public static GroupMembers fromJson(JsonObject json) {
    return new GroupMembers(GroupRef.fromJson(json.getJsonObject(GROUP)), Lists.ids(json.getJsonArray(MEMBERS)));
  }
}
