package io.chat.common.bus.message;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.chat.common.model.ChatMessage;
import io.chat.common.model.ConvId;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** {@code history}'s reply: {@code {conv, messages: [...], more}}, the messages in seq order. */
public record HistoryPage(ConvId conv, List<ChatMessage> messages, boolean more) implements BusMessage {

  private static final String CONV = "conv";
  private static final String MESSAGES = "messages";
  private static final String MORE = "more";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(CONV, conv.toString()).put(MESSAGES, Lists.toJson(messages, ChatMessage::toJson))
        .put(MORE, more);
  }

  public static HistoryPage fromJson(JsonObject json) {
    return new HistoryPage(ConvId.parse(json.getString(CONV)),
        Lists.fromJson(json.getJsonArray(MESSAGES), ChatMessage::fromJson), json.getBoolean(MORE));
  }
}
