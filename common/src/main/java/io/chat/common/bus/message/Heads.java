package io.chat.common.bus.message;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The reply to {@link HeadsRequest}, one entry per user asked for. */
public record Heads(List<UserHeads> users) implements BusMessage {

  private static final String USERS = "users";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(USERS, Lists.toJson(users, UserHeads::toJson));
  }

  public static Heads fromJson(JsonObject json) {
    return new Heads(Lists.fromJson(json.getJsonArray(USERS), UserHeads::fromJson));
  }
}
