package io.chat.message.route;

import io.vertx.core.json.JsonObject;

/**
 * An event as the JSON text its recipients get, encoded once however many they are.
 *
 * @param json the event object as JSON text
 * @param sentMillis when the message was accepted (its {@code ts}), for the delivery latency; null
 *     for events that are no messages
 * @param presence for a presence event, whose presence and which change of it; else null
 */
public record EventText(String json, Long sentMillis, PresenceChange presence) {

  /** A presence event is about this user's change of this version (see {@code StateChange}). */
  public record PresenceChange(int user, long version) {
  }

  private static final String OFFLINE_FLAG = "\"offline\":true";

  public EventText(String json, Long sentMillis) {
    this(json, sentMillis, null);
  }

  /** A presence event reporting this change of the user's presence. */
  public static EventText presence(JsonObject event, int user, long version) {
    return new EventText(event.encode(), null, new PresenceChange(user, version));
  }

  /**
   * The form stored for a user who is away: the same object, flagged {@code "offline": true}.
   * The text comes from this node's services (or another node's), always a JSON object, so it
   * is spliced rather than parsed again.
   */
  public String stored() {
    String body = json.substring(0, json.lastIndexOf('}')).stripTrailing();
    return body + (body.endsWith("{") ? "" : ",") + OFFLINE_FLAG + "}";
  }
}
