package io.chat.common.bus.auth;

import io.chat.common.bus.BusMessage;
import io.vertx.core.json.JsonObject;

/** A login token, named by its id (a session logging out revokes its token). */
public record TokenRef(String tokenId) implements BusMessage {

  private static final String TOKEN_ID = "token_id";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(TOKEN_ID, tokenId);
  }

  public static TokenRef fromJson(JsonObject json) {
    return new TokenRef(json.getString(TOKEN_ID));
  }
}
