package io.chat.common.bus.message;

import io.chat.common.model.ConvId;
import io.vertx.core.json.JsonObject;

/**
 * Where a user stands in one conversation at login: the cursor ({@code acked}), the last seq,
 * and how many messages above the cursor others sent (the ones the login replays).
 */
public record ConvPosition(ConvId conv, long acked, long last, long unread) {

  private static final String CONV = "conv";
  private static final String ACKED = "acked";
  private static final String LAST = "last";
  private static final String UNREAD = "unread";

  public JsonObject toJson() {
    return new JsonObject().put(CONV, conv.toString()).put(ACKED, acked).put(LAST, last).put(UNREAD, unread);
  }

  public static ConvPosition fromJson(JsonObject json) {
    return new ConvPosition(ConvId.parse(json.getString(CONV)), json.getLong(ACKED), json.getLong(LAST),
        json.getLong(UNREAD));
  }
}
