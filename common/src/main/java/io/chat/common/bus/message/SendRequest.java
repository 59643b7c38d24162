package io.chat.common.bus.message;

import io.chat.common.bus.BusMessage;
import io.chat.common.model.Caller;
import io.chat.common.model.Named;
import io.vertx.core.json.JsonObject;

/**
 * {@code send}: a message to a friend named by id or name. The session is the sending one,
 * which does not get the message back; {@code cid} (or null) makes a retry safe.
 */
public record SendRequest(Caller caller, String session, Named to, String text, String cid) implements BusMessage {

  private static final String SESSION = "session";
  private static final String TO = "to";
  private static final String TEXT = "text";
  private static final String CID = "cid";

  @Override
  public JsonObject toJson() {
    JsonObject json = caller.into(new JsonObject()).put(SESSION, session).put(TO, to.value()).put(TEXT, text);
    return cid == null ? json : json.put(CID, cid);
  }

  public static SendRequest fromJson(JsonObject json) {
    return new SendRequest(Caller.fromJson(json), json.getString(SESSION), Named.of(json.getValue(TO)),
        json.getString(TEXT), json.getString(CID));
  }
}
