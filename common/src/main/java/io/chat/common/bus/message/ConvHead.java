package io.chat.common.bus.message;

import io.chat.common.model.ConvId;
import io.vertx.core.json.JsonObject;

/**
 * A conversation's last seq, and the seq the user's part in it began after (a group joined at
 * seq 40 owes the member what comes after 40; a direct conversation begins after 0).
 */
public record ConvHead(ConvId conv, long last, long joined) {

  private static final String CONV = "conv";
  private static final String LAST = "last";
  private static final String JOINED = "joined";

  public JsonObject toJson() {
    return new JsonObject().put(CONV, conv.toString()).put(LAST, last).put(JOINED, joined);
  }

  public static ConvHead fromJson(JsonObject json) {
    return new ConvHead(ConvId.parse(json.getString(CONV)), json.getLong(LAST), json.getLong(JOINED));
  }
}
