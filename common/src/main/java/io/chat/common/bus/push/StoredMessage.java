package io.chat.common.bus.push;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.chat.common.model.ChatMessage;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A committed message that waits in the log for these recipients: none of them had a live session. */
public record StoredMessage(ChatMessage message, List<Integer> users) implements BusMessage {

  private static final String MESSAGE = "message";
  private static final String USERS = "users";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(MESSAGE, message.toJson()).put(USERS, Lists.ids(users));
  }

  public static StoredMessage fromJson(JsonObject json) {
    return new StoredMessage(ChatMessage.fromJson(json.getJsonObject(MESSAGE)), Lists.ids(json.getJsonArray(USERS)));
  }
}
