package io.chat.common.bus.auth;

import io.chat.common.bus.BusMessage;
import io.chat.common.model.UserRef;
import io.vertx.core.json.JsonObject;

/**
 * A login that succeeded: the user, the token the client logs in with next time, and the
 * token's id, which the session keeps to revoke it at logout.
 */
public record LoginReply(UserRef user, String token, String tokenId) implements BusMessage {

  private static final String USER = "user";
  private static final String TOKEN = "token";
  private static final String TOKEN_ID = "token_id";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(USER, user.toJson()).put(TOKEN, token).put(TOKEN_ID, tokenId);
  }

  public static LoginReply fromJson(JsonObject json) {
    return new LoginReply(UserRef.fromJson(json.getJsonObject(USER)), json.getString(TOKEN), json.getString(TOKEN_ID));
  }
}
