package io.chat.push.device;

import io.chat.common.bus.push.Device;
import io.chat.common.model.UserRef;

/** One device of a user who is to be notified. */
public record DeviceRow(UserRef user, Device device) {
}
