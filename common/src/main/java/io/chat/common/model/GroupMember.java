package io.chat.common.model;

import io.vertx.core.json.JsonObject;

/** A member in {@code group_members}: {@code {id, name, role, online}}. */
public record GroupMember(UserRef user, GroupRole role, boolean online) {

  private static final String ROLE = "role";
  private static final String ONLINE = "online";

  public JsonObject toJson() {
    return user.toJson().put(ROLE, role.wireName()).put(ONLINE, online);
  }

  public static GroupMember fromJson(JsonObject json) {
    return new GroupMember(UserRef.fromJson(json), GroupRole.ofWireName(json.getString(ROLE)), json.getBoolean(ONLINE));
  }
}
