package io.chat.common.bus.message;

import io.chat.common.bus.BusMessage;
import io.chat.common.model.Caller;
import io.chat.common.model.Named;
import io.vertx.core.json.JsonObject;

/** {@code group_send}: a message to a group the caller is a member of; as {@link SendRequest}. */
public record GroupSendRequest(Caller caller, String session, Named group, String text, String cid)
    implements BusMessage {

  private static final String SESSION = "session";
  private static final String GROUP = "group";
  private static final String TEXT = "text";
  private static final String CID = "cid";

  @Override
  public JsonObject toJson() {
    JsonObject json = caller.into(new JsonObject()).put(SESSION, session).put(GROUP, group.value())
        .put(TEXT, text);
    return cid == null ? json : json.put(CID, cid);
  }

  public static GroupSendRequest fromJson(JsonObject json) {
    return new GroupSendRequest(Caller.fromJson(json), json.getString(SESSION), Named.of(json.getValue(GROUP)),
        json.getString(TEXT), json.getString(CID));
  }
}
