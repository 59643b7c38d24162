package io.chat.common.bus.message;

import io.chat.common.bus.BusMessage;
import io.vertx.core.json.JsonObject;

/** The answer to a heartbeat: whether the node's entries had lapsed, so it must register its sessions again. */
public record HeartbeatReply(boolean restore) implements BusMessage {

  private static final String RESTORE = "restore";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(RESTORE, restore);
  }

  public static HeartbeatReply fromJson(JsonObject json) {
    return new HeartbeatReply(json.getBoolean(RESTORE));
  }
}
