package io.chat.common.bus.auth;

import io.chat.common.bus.BusMessage;
import io.vertx.core.json.JsonObject;

/** {@code register}: a new account's name and password. */
public record RegisterRequest(String name, String password) implements BusMessage {

  private static final String NAME = "name";
  private static final String PASSWORD = "password";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(NAME, name).put(PASSWORD, password);
  }

  public static RegisterRequest fromJson(JsonObject json) {
    return new RegisterRequest(json.getString(NAME), json.getString(PASSWORD));
  }
}
