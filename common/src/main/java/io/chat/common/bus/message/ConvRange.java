package io.chat.common.bus.message;

import io.chat.common.model.ConvId;
import io.vertx.core.json.JsonObject;

/** The messages of one conversation with seq in (after, upTo]. */
public record ConvRange(ConvId conv, long after, long upTo) {

  private static final String CONV = "conv";
  private static final String AFTER = "after";
  private static final String UP_TO = "up_to";

  public JsonObject toJson() {
    return new JsonObject().put(CONV, conv.toString()).put(AFTER, after).put(UP_TO, upTo);
  }

  public static ConvRange fromJson(JsonObject json) {
    return new ConvRange(ConvId.parse(json.getString(CONV)), json.getLong(AFTER), json.getLong(UP_TO));
  }
}
