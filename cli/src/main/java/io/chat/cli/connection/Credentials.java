package io.chat.cli.connection;

import io.vertx.core.json.JsonObject;

/** A user's name and password, kept in memory only, to log in again after a reconnect. */
public record Credentials(String name, String password) {

  public JsonObject login() {
    return new JsonObject().put("op", "login").put("name", name).put("password", password);
  }

  public JsonObject register() {
    return new JsonObject().put("op", "register").put("name", name).put("password", password);
  }

  @Override
  public String toString() {
    return "Credentials[" + name + "]";
  }
}
