package io.chat.common.bus.auth;

import io.chat.common.bus.BusMessage;
import io.chat.common.model.Named;
import io.vertx.core.json.JsonObject;

/** {@code login} with a password: the user named by id or name. */
public record LoginRequest(Named user, String password) implements BusMessage {

  private static final String ID = "id";
  private static final String NAME = "name";
  private static final String PASSWORD = "password";

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(PASSWORD, password);
    return user.byId() ? json.put(ID, user.id()) : json.put(NAME, user.name());
  }

  public static LoginRequest fromJson(JsonObject json) {
    Integer id = json.getInteger(ID);
    return new LoginRequest(id != null ? Named.id(id) : Named.name(json.getString(NAME)), json.getString(PASSWORD));
  }
}
