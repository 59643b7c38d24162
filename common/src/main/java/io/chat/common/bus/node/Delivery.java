package io.chat.common.bus.node;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.chat.common.model.ChatMessage;
import io.chat.common.model.ConvId;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An event for the sessions some users have on a node, as the JSON text they receive
 * ({@link EventText}, made where it is first needed). A
 * {@code message} event also names its conversation and seq, by which each session keeps its
 * messages in order and drops repeats. No event goes to the session named by
 * {@code exceptSession} (the one that sent the message, or whose request made the event: it
 * has its reply). Other events carry no seq; a presence event
 * carries the version of its change ({@link PresenceTag}), so a node writes no older one after
 * a newer.
 *
 * @param sent when the message was committed (ms), for the delivery-latency histogram; 0 if none
 */
public record Delivery(List<Integer> users, String exceptSession, ConvId conv, long seq, EventText event, long sent,
    PresenceTag presence) implements BusMessage {

  private static final String USERS = "users";
  private static final String EXCEPT = "except";
  private static final String CONV = "conv";
  private static final String SEQ = "seq";
  private static final String EVENT = "event";
  private static final String SENT = "sent";
  private static final String PRESENCE = "presence";

  /** A committed message, as a live {@code message} event of its conversation. */
  public static Delivery message(List<Integer> users, String exceptSession, ChatMessage message) {
    return new Delivery(users, exceptSession, message.conv(), message.seq(), EventText.of(message), message.ts(), null);
  }

  /** An event that is not stored (presence, friends, groups). */
  public static Delivery event(List<Integer> users, String exceptSession, String event, PresenceTag presence) {
    return new Delivery(users, exceptSession, null, 0, EventText.of(event), 0, presence);
  }

  /** The same delivery for other users. */
  public Delivery to(List<Integer> others) {
    return new Delivery(others, exceptSession, conv, seq, event, sent, presence);
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(USERS, Lists.ids(users)).put(EVENT, event.text());
    if (exceptSession != null) {
      json.put(EXCEPT, exceptSession);
    }
    if (conv != null) {
      json.put(CONV, conv.toString()).put(SEQ, seq).put(SENT, sent);
    }
    if (presence != null) {
      json.put(PRESENCE, presence.toJson());
    }
    return json;
  }

  public static Delivery fromJson(JsonObject json) {
    String conv = json.getString(CONV);
    JsonObject presence = json.getJsonObject(PRESENCE);
    return new Delivery(Lists.ids(json.getJsonArray(USERS)), json.getString(EXCEPT),
        conv == null ? null : ConvId.parse(conv), json.getLong(SEQ, 0L), EventText.of(json.getString(EVENT)),
        json.getLong(SENT, 0L), presence == null ? null : PresenceTag.fromJson(presence));
  }
}
