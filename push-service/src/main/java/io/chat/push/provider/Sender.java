package io.chat.push.provider;

import io.chat.common.bus.push.Provider;
import io.chat.push.Notification;
import io.vertx.core.Future;

/** Notifies devices through one provider. Use from the push service's context. */
public interface Sender {

  Provider provider();

  /**
   * One attempt: the outcome the provider's answer means. A failed future (no connection, no
   * answer in time) is to be tried again, as {@link Outcome#RETRY}.
   */
  Future<Outcome> send(Notification notification);

  Future<Void> close();
}
