package io.chat.common.bus.social;

import io.chat.common.bus.BusMessage;
import io.chat.common.model.Caller;
import io.chat.common.model.Named;
import io.vertx.core.json.JsonObject;

/**
 * The caller acts on a group named by id or name (join, leave, delete, members), from a
 * session (or null): the user's other sessions hear of it, that one has its reply.
 */
public record GroupAction(Caller caller, String session, Named group) implements BusMessage {

  private static final String SESSION = "session";
  private static final String GROUP = "group";

  @Override
  public JsonObject toJson() {
    JsonObject json = caller.into(new JsonObject()).put(GROUP, group.value());
    return session == null ? json : json.put(SESSION, session);
  }

  public static GroupAction fromJson(JsonObject json) {
    return new GroupAction(Caller.fromJson(json), json.getString(SESSION), Named.of(json.getValue(GROUP)));
  }
}
