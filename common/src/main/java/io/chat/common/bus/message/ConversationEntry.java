package io.chat.common.bus.message;

import io.chat.common.model.ConvId;
import io.chat.common.model.GroupRef;
import io.chat.common.model.UserRef;
import io.vertx.core.json.JsonObject;

/**
 * A conversation in {@code conversations}: {@code {conv, with {id, name} or group {id, name},
 * last_seq, last_ts, acked_seq}}.
 */
public record ConversationEntry(ConvId conv, UserRef with, GroupRef group, long lastSeq, long lastTs, long ackedSeq) {

  private static final String CONV = "conv";
  private static final String WITH = "with";
  private static final String GROUP = "group";
  private static final String LAST_SEQ = "last_seq";
  private static final String LAST_TS = "last_ts";
  private static final String ACKED_SEQ = "acked_seq";

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(CONV, conv.toString());
    if (group != null) {
      json.put(GROUP, group.toJson());
    } else {
      json.put(WITH, with.toJson());
    }
    return json.put(LAST_SEQ, lastSeq).put(LAST_TS, lastTs).put(ACKED_SEQ, ackedSeq);
  }

  public static ConversationEntry fromJson(JsonObject json) {
    JsonObject with = json.getJsonObject(WITH);
    JsonObject group = json.getJsonObject(GROUP);
    return new ConversationEntry(ConvId.parse(json.getString(CONV)), with == null ? null : UserRef.fromJson(with),
        group == null ? null : GroupRef.fromJson(group), json.getLong(LAST_SEQ), json.getLong(LAST_TS),
        json.getLong(ACKED_SEQ));
  }
}
