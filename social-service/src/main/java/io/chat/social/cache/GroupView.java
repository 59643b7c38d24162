package io.chat.social.cache;

import io.chat.common.protocol.Events;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** A group as the message path needs it: its name and its members' ids. */
public record GroupView(int id, String name, Set<Integer> members) {

  public JsonObject ref() {
    return Events.group(id, name);
  }
}
