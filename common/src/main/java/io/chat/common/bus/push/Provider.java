package io.chat.common.bus.push;

import io.chat.common.protocol.Errors;
import java.util.Locale;

/** The services a device is notified through, as {@code push_register} names them. */
public enum Provider {
  WEBHOOK,
  FCM,
  APNS;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  public String wireName() {
    return wireName;
  }

  /** The provider a client named: {@code bad_request} unless it is one of the three. */
  public static Provider ofWireName(String name) {
    for (Provider provider : values()) {
      if (provider.wireName.equals(name)) {
        return provider;
      }
    }
    throw Errors.badRequest("provider is webhook, fcm or apns");
  }
}
