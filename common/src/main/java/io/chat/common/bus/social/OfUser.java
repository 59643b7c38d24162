package io.chat.common.bus.social;

import io.chat.common.bus.BusMessage;
import io.vertx.core.json.JsonObject;

/** A request about one user's own relations (overview, friends, groups, friend ids). */
public record OfUser(int userId) implements BusMessage {

  private static final String UID = "uid";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(UID, userId);
  }

  public static OfUser fromJson(JsonObject json) {
    return new OfUser(json.getInteger(UID));
  }
}
