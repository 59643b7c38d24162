package io.chat.common.model;

import io.vertx.core.json.JsonObject;

/**
 * One message of a conversation's log, as stored: the fields of the {@code message} event. A
 * direct message has {@code to} and no group, a group message a group and no {@code to}.
 */
public record ChatMessage(ConvId conv, long seq, String msgId, UserRef from, Integer to, GroupRef group,
    String text, long ts) {

  private static final String CONV = "conv";
  private static final String SEQ = "seq";
  private static final String MSG_ID = "msg_id";
  private static final String FROM = "from";
  private static final String TO = "to";
  private static final String GROUP = "group";
  private static final String TEXT = "text";
  private static final String TS = "ts";

  /** The fields as history lists them (the event without {@code event} and {@code offline}). */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(MSG_ID, msgId).put(CONV, conv.toString()).put(SEQ, seq)
        .put(FROM, from.toJson());
    if (group != null) {
      json.put(GROUP, group.toJson());
    } else {
      json.put(TO, to);
    }
    return json.put(TEXT, text).put(TS, ts);
  }

  public static ChatMessage fromJson(JsonObject json) {
    JsonObject group = json.getJsonObject(GROUP);
    return new ChatMessage(ConvId.parse(json.getString(CONV)), json.getLong(SEQ), json.getString(MSG_ID),
        UserRef.fromJson(json.getJsonObject(FROM)), json.getInteger(TO),
        group == null ? null : GroupRef.fromJson(group), json.getString(TEXT), json.getLong(TS));
  }
}
