package io.chat.common.bus.push;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** {@code push_devices}: {@code {devices: [{provider, token}]}}, oldest registration first. */
public record DeviceList(List<Device> devices) implements BusMessage {

  private static final String DEVICES = "devices";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(DEVICES, Lists.toJson(devices, Device::toJson));
  }

  public static DeviceList fromJson(JsonObject json) {
    return new DeviceList(Lists.fromJson(json.getJsonArray(DEVICES), Device::fromJson));
  }
}
