package io.chat.common.bus.message;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The heads of the conversations of some users (every conversation each of them can read). */
public record HeadsRequest(List<Integer> users) implements BusMessage {

  private static final String USERS = "users";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(USERS, Lists.ids(users));
  }

  public static HeadsRequest fromJson(JsonObject json) {
    return new HeadsRequest(Lists.ids(json.getJsonArray(USERS)));
  }
}
