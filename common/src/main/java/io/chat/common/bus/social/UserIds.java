package io.chat.common.bus.social;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A list of user ids (a user's friends, for the relation cache). */
public record UserIds(List<Integer> ids) implements BusMessage {

  private static final String USERS = "users";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(USERS, Lists.ids(ids));
  }

  public static UserIds fromJson(JsonObject json) {
    return new UserIds(Lists.ids(json.getJsonArray(USERS)));
  }
}
