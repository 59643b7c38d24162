package io.chat.message.route;

import io.vertx.core.json.JsonObject;

/**
 * An event as the JSON text its recipients get, encoded once however many they are.
 *
 * @param json the event object as JSON text
 * @param sentMillis when the message was accepted (its {@code ts}), for the delivery latency; null
 *     for events that are no messages
 */
public record EventText(String json, Long sentMillis) {

  private static final String OFFLINE_FLAG = "\"offline\":true";

  public static EventText of(JsonObject event) {
    return new EventText(event.encode(), event.getLong("ts"));
  }

  /** The form stored for a user who is away: the same object, flagged {@code "offline": true}. */
  public String stored() {
    String body = json.substring(0, json.lastIndexOf('}')).stripTrailing();
    return body + (body.endsWith("{") ? "" : ",") + OFFLINE_FLAG + "}";
  }
}
