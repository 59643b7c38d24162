package io.chat.common.bus.message;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** {@code conversations}: {@code {convs: [...]}}, the most recently active first. */
public record ConversationList(List<ConversationEntry> convs) implements BusMessage {

  private static final String CONVS = "convs";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(CONVS, Lists.toJson(convs, ConversationEntry::toJson));
  }

  public static ConversationList fromJson(JsonObject json) {
    return new ConversationList(Lists.fromJson(json.getJsonArray(CONVS), ConversationEntry::fromJson));
  }
}
