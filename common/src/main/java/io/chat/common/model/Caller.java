package io.chat.common.model;

import io.vertx.core.json.JsonObject;

/**
 * The logged-in user a gateway asks for, taken from its session and never from the client. It
 * travels in the request body under {@code uid} and {@code uname}.
 */
public record Caller(int id, String name) {

  private static final String UID = "uid";
  private static final String UNAME = "uname";

  /** Adds the caller to a request body. */
  public JsonObject into(JsonObject body) {
    return body.put(UID, id).put(UNAME, name);
  }

  public static Caller fromJson(JsonObject json) {
    return new Caller(json.getInteger(UID), json.getString(UNAME));
  }

  public UserRef ref() {
    return new UserRef(id, name);
  }
}
