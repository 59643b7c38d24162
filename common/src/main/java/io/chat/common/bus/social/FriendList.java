package io.chat.common.bus.social;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.chat.common.model.Friend;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** {@code friends}: {@code {friends: [{id, name, online}]}}. */
public record FriendList(List<Friend> friends) implements BusMessage {

  private static final String FRIENDS = "friends";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(FRIENDS, Lists.toJson(friends, Friend::toJson));
  }

  public static FriendList fromJson(JsonObject json) {
    return new FriendList(Lists.fromJson(json.getJsonArray(FRIENDS), Friend::fromJson));
  }
}
