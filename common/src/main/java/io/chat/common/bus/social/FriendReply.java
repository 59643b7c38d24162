package io.chat.common.bus.social;

import io.chat.common.bus.BusMessage;
import io.chat.common.model.Friend;
import io.vertx.core.json.JsonObject;

/** {@code friend_add}: {@code {friend: {id, name, online}}}. */
public record FriendReply(Friend friend) implements BusMessage {

  private static final String FRIEND = "friend";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(FRIEND, friend.toJson());
  }

  public static FriendReply fromJson(JsonObject json) {
    return new FriendReply(Friend.fromJson(json.getJsonObject(FRIEND)));
  }
}
