package io.chat.common.bus.message;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.chat.common.model.ChatMessage;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Messages read from the log, in the order the request asked for. */
public record LogPage(List<ChatMessage> messages) implements BusMessage {

  private static final String MESSAGES = "messages";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(MESSAGES, Lists.toJson(messages, ChatMessage::toJson));
  }

  public static LogPage fromJson(JsonObject json) {
    return new LogPage(Lists.fromJson(json.getJsonArray(MESSAGES), ChatMessage::fromJson));
  }
}
