package io.chat.common.bus.message;

import io.chat.common.bus.BusMessage;
import io.chat.common.model.Caller;
import io.vertx.core.json.JsonObject;

/**
 * {@code ack}: may the caller acknowledge this conversation up to this seq? {@code bad_request}
 * for a malformed conv or a seq above the last one, {@code not_member} for one it cannot read.
 */
public record AckCheck(Caller caller, String conv, long seq) implements BusMessage {

  private static final String CONV = "conv";
  private static final String SEQ = "seq";

  @Override
  public JsonObject toJson() {
    return caller.into(new JsonObject()).put(CONV, conv).put(SEQ, seq);
  }

  public static AckCheck fromJson(JsonObject json) {
    return new AckCheck(Caller.fromJson(json), json.getString(CONV), json.getLong(SEQ));
  }
}
