package io.chat.common.bus.auth;

import io.chat.common.bus.BusMessage;
import io.chat.common.model.Named;
import io.vertx.core.json.JsonObject;

/**
 * {@code login}: with a password (the user named by id or name), or with a token from an earlier
 * login. {@code address} is the client's, for the limit on failed token logins.
 */
public record LoginRequest(Named user, String password, String token, String address) implements BusMessage {

  private static final String ID = "id";
  private static final String NAME = "name";
  private static final String PASSWORD = "password";
  private static final String TOKEN = "token";
  private static final String ADDRESS = "address";

  public static LoginRequest withPassword(Named user, String password, String address) {
    return new LoginRequest(user, password, null, address);
  }

  public static LoginRequest withToken(String token, String address) {
    return new LoginRequest(null, null, token, address);
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(ADDRESS, address);
    if (token != null) {
      return json.put(TOKEN, token);
    }
    json.put(PASSWORD, password);
    return user.byId() ? json.put(ID, user.id()) : json.put(NAME, user.name());
  }

  public static LoginRequest fromJson(JsonObject json) {
    String token = json.getString(TOKEN);
    if (token != null) {
      return withToken(token, json.getString(ADDRESS));
    }
    Integer id = json.getInteger(ID);
    return withPassword(id != null ? Named.id(id) : Named.name(json.getString(NAME)), json.getString(PASSWORD),
        json.getString(ADDRESS));
  }
}
