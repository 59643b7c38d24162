package io.chat.common.bus.social;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.chat.common.model.GroupMember;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** {@code group_members}: {@code {members: [{id, name, role, online}]}}. */
public record MemberList(List<GroupMember> members) implements BusMessage {

  private static final String MEMBERS = "members";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(MEMBERS, Lists.toJson(members, GroupMember::toJson));
  }

  public static MemberList fromJson(JsonObject json) {
    return new MemberList(Lists.fromJson(json.getJsonArray(MEMBERS), GroupMember::fromJson));
  }
}
