package io.chat.common.bus;

import io.vertx.core.json.JsonObject;

/**
 * A request or reply body of an event-bus action. It travels as the JSON object {@link #toJson}
 * makes and comes back out through the reader its {@link BusAction} names, so each shape is
 * spelled in one place: its record.
 */
public interface BusMessage {

  JsonObject toJson();
}
