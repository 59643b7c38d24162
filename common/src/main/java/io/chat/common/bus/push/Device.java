package io.chat.common.bus.push;

import io.chat.common.protocol.Limits;
import io.vertx.core.json.JsonObject;

/** A device a user registered for notifications: {@code {provider, token}}. */
public record Device(Provider provider, String token) {

  private static final String PROVIDER = "provider";
  private static final String TOKEN = "token";

  /** A device as a client names it: {@code bad_request} for another provider or a token of the wrong length. */
  public static Device parse(String provider, String token) {
    Limits.checkPushToken(token);
    return new Device(Provider.ofWireName(provider), token);
  }

  public JsonObject toJson() {
    return new JsonObject().put(PROVIDER, provider.wireName()).put(TOKEN, token);
  }

  /** Checked as {@link #parse} checks a client's, since it may come from another node. */
  public static Device fromJson(JsonObject json) {
    return parse(json.getString(PROVIDER), json.getString(TOKEN));
  }
}
