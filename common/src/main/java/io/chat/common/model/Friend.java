package io.chat.common.model;

import io.vertx.core.json.JsonObject;

/** A friend in a list or a reply: {@code {id, name, online}}. */
public record Friend(UserRef user, boolean online) {

  private static final String ONLINE = "online";

  public JsonObject toJson() {
    return user.toJson().put(ONLINE, online);
  }

  public static Friend fromJson(JsonObject json) {
    return new Friend(UserRef.fromJson(json), json.getBoolean(ONLINE));
  }
}
