package io.chat.common.bus.message;

import io.chat.common.model.ConvId;
import io.vertx.core.json.JsonObject;

/** A user has received a conversation up to a seq (its cursor moves there, never back). */
public record CursorMove(int user, ConvId conv, long seq) {

  private static final String UID = "uid";
  private static final String CONV = "conv";
  private static final String SEQ = "seq";

  public JsonObject toJson() {
    return new JsonObject().put(UID, user).put(CONV, conv.toString()).put(SEQ, seq);
  }

  public static CursorMove fromJson(JsonObject json) {
    return new CursorMove(json.getInteger(UID), ConvId.parse(json.getString(CONV)), json.getLong(SEQ));
  }
}
