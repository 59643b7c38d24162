package io.chat.common.bus.message;

import io.chat.common.bus.BusMessage;
import io.chat.common.model.Caller;
import io.vertx.core.json.JsonObject;

/** A session of a node's gateway: whose, on which node, with which id (closing it, restoring it). */
public record SessionRef(Caller caller, String node, String session) implements BusMessage {

  private static final String NODE = "node";
  private static final String SESSION = "session";

  @Override
  public JsonObject toJson() {
    return caller.into(new JsonObject()).put(NODE, node).put(SESSION, session);
  }

  public static SessionRef fromJson(JsonObject json) {
    return new SessionRef(Caller.fromJson(json), json.getString(NODE), json.getString(SESSION));
  }
}
