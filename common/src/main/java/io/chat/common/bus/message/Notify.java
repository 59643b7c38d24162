package io.chat.common.bus.message;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An event (its JSON text) for the live sessions of some users but one (the session whose
 * request made it, or null); nothing is stored for the others.
 */
public record Notify(List<Integer> users, String exceptSession, String event) implements BusMessage {

  private static final String USERS = "users";
  private static final String EXCEPT = "except";
  private static final String EVENT = "event";

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(USERS, Lists.ids(users)).put(EVENT, event);
    return exceptSession == null ? json : json.put(EXCEPT, exceptSession);
  }

  public static Notify fromJson(JsonObject json) {
    return new Notify(Lists.ids(json.getJsonArray(USERS)), json.getString(EXCEPT), json.getString(EVENT));
  }
}
