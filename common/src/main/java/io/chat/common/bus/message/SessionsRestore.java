package io.chat.common.bus.message;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A node whose heartbeat lapsed registers its sessions again. */
public record SessionsRestore(String node, List<SessionRef> sessions) implements BusMessage {

  private static final String NODE = "node";
  private static final String SESSIONS = "sessions";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(NODE, node).put(SESSIONS, Lists.toJson(sessions, SessionRef::toJson));
  }

  public static SessionsRestore fromJson(JsonObject json) {
    return new SessionsRestore(json.getString(NODE), Lists.fromJson(json.getJsonArray(SESSIONS), SessionRef::fromJson));
  }
}
