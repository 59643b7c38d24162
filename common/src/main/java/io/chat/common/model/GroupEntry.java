package io.chat.common.model;

import io.vertx.core.json.JsonObject;

/** A group seen by one member, as lists and replies carry it: {@code {id, name, desc, role}}. */
public record GroupEntry(GroupRef group, String desc, GroupRole role) {

  private static final String DESC = "desc";
  private static final String ROLE = "role";

  public JsonObject toJson() {
    return group.toJson().put(DESC, desc).put(ROLE, role.wireName());
  }

  public static GroupEntry fromJson(JsonObject json) {
    return new GroupEntry(GroupRef.fromJson(json), json.getString(DESC), GroupRole.ofWireName(json.getString(ROLE)));
  }
}
