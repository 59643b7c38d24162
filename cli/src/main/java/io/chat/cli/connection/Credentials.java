package io.chat.cli.connection;

import io.vertx.core.json.JsonObject;

/**
 * How to log in: a name and password the user typed, or, once logged in, the token the server
 * gave, which logs in again after a reconnect with no password and no cost of hashing one. The
 * client acknowledges what it shows, so every login asks for that ({@code ack: true}). Kept in
 * memory only.
 */
public record Credentials(String name, String password, String token) {

  public static Credentials password(String name, String password) {
    return new Credentials(name, password, null);
  }

  /** The same user, with the token of a login: the password is forgotten. */
  public Credentials withToken(String given) {
    return new Credentials(name, null, given);
  }

  /** The login request; an acknowledging one for a client that acknowledges what it shows. */
  public JsonObject login(boolean acknowledging) {
    JsonObject login = new JsonObject().put("op", "login");
    if (acknowledging) {
      login.put("ack", true);
    }
    return token != null ? login.put("token", token) : login.put("name", name).put("password", password);
  }

  public JsonObject register() {
    return new JsonObject().put("op", "register").put("name", name).put("password", password);
  }

  @Override
  public String toString() {
    return "Credentials[" + name + "]";
  }
}
