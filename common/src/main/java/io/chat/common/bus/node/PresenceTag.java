package io.chat.common.bus.node;

import io.vertx.core.json.JsonObject;

/** Whose presence a presence event reports, and the version of that change in the registry. */
public record PresenceTag(int user, long version) {

  private static final String UID = "uid";
  private static final String VERSION = "version";

  public JsonObject toJson() {
    return new JsonObject().put(UID, user).put(VERSION, version);
  }

  public static PresenceTag fromJson(JsonObject json) {
    return new PresenceTag(json.getInteger(UID), json.getLong(VERSION));
  }
}
