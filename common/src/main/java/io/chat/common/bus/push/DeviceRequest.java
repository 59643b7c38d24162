package io.chat.common.bus.push;

import io.chat.common.bus.BusMessage;
import io.chat.common.model.Caller;
import io.vertx.core.json.JsonObject;

/** The caller registers or unregisters one of their devices ({@code push_register}, {@code push_unregister}). */
public record DeviceRequest(Caller caller, Device device) implements BusMessage {

  @Override
  public JsonObject toJson() {
    return caller.into(device.toJson());
  }

  public static DeviceRequest fromJson(JsonObject json) {
    return new DeviceRequest(Caller.fromJson(json), Device.fromJson(json));
  }
}
