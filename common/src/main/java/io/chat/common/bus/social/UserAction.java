package io.chat.common.bus.social;

import io.chat.common.bus.BusMessage;
import io.chat.common.model.Caller;
import io.chat.common.model.Named;
import io.vertx.core.json.JsonObject;

/** The caller acts on another user named by id or name ({@code friend_add}, {@code friend_remove}). */
public record UserAction(Caller caller, Named user) implements BusMessage {

  private static final String ID = "id";
  private static final String NAME = "name";

  @Override
  public JsonObject toJson() {
    JsonObject json = caller.into(new JsonObject());
    return user.byId() ? json.put(ID, user.id()) : json.put(NAME, user.name());
  }

  public static UserAction fromJson(JsonObject json) {
    Integer id = json.getInteger(ID);
    return new UserAction(Caller.fromJson(json), id != null ? Named.id(id) : Named.name(json.getString(NAME)));
  }
}
