package io.chat.social.store;

import io.chat.common.protocol.Events;
import io.vertx.core.json.JsonObject;

/** A user as others see it: id and name. */
public record UserRef(int id, String name) {

  public JsonObject toJson() {
    return Events.user(id, name);
  }
}
