package io.chat.common.bus.message;

import io.chat.common.bus.BusMessage;
import io.chat.common.model.ConvId;
import io.vertx.core.json.JsonObject;

/**
 * The reply to a send once the message is committed: {@code {msg_id, ts, conv, seq}}, and
 * {@code duplicate: true} when the send repeated a cid and nothing was sent again.
 */
public record Sent(String msgId, long ts, ConvId conv, long seq, boolean duplicate) implements BusMessage {

  private static final String MSG_ID = "msg_id";
  private static final String TS = "ts";
  private static final String CONV = "conv";
  private static final String SEQ = "seq";
  private static final String DUPLICATE = "duplicate";

  /** The same reply, marked as the answer to a repeat. */
  public Sent asDuplicate() {
    return new Sent(msgId, ts, conv, seq, true);
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(MSG_ID, msgId).put(TS, ts).put(CONV, conv.toString()).put(SEQ, seq);
    return duplicate ? json.put(DUPLICATE, true) : json;
  }

  public static Sent fromJson(JsonObject json) {
    return new Sent(json.getString(MSG_ID), json.getLong(TS), ConvId.parse(json.getString(CONV)), json.getLong(SEQ),
        json.getBoolean(DUPLICATE, false));
  }
}
