package io.chat.social.store;

import io.chat.common.protocol.Events;
import io.vertx.core.json.JsonObject;

/** A group's row in {@code allgroup}. */
public record GroupRef(int id, String name, String desc) {

  /** {id, name}, as events carry it. */
  public JsonObject toJson() {
    return Events.group(id, name);
  }

  /** {id, name, desc, role}, as replies carry it. */
  public JsonObject toJson(String role) {
    return new JsonObject().put("id", id).put("name", name).put("desc", desc).put("role", role);
  }
}
