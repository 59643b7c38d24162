package io.chat.common.bus.auth;

import io.chat.common.bus.BusMessage;
import io.chat.common.model.UserRef;
import io.vertx.core.json.JsonObject;

/** A reply naming one user: {@code {user: {id, name}}} (register, login). */
public record UserReply(UserRef user) implements BusMessage {

  private static final String USER = "user";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(USER, user.toJson());
  }

  public static UserReply fromJson(JsonObject json) {
    return new UserReply(UserRef.fromJson(json.getJsonObject(USER)));
  }
}
