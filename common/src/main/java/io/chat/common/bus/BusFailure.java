package io.chat.common.bus;

import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * How a protocol error crosses the event bus: its code is the failure code, and the failure's
 * message is its text, or, for an error that tells the client when to try again, a JSON object
 * {@code {"message":..., "retry_ms":...}} (a bus failure has no other place for that number).
 */
final class BusFailure {

  private static final String MESSAGE = "message";
  private static final String RETRY_MS = "retry_ms";

  private BusFailure() {
  }

  static String message(ChatException failure) {
    if (failure.retryMillis() == ChatException.NO_RETRY) {
      return failure.getMessage();
    }
    return new JsonObject().put(MESSAGE, failure.getMessage()).put(RETRY_MS, failure.retryMillis()).encode();
  }

  static ChatException read(ErrorCode code, String message) {
    if (message != null && message.startsWith("{")) {
      try {
        JsonObject json = new JsonObject(message);
        if (json.getValue(RETRY_MS) instanceof Number retry && json.getValue(MESSAGE) instanceof String text) {
          return new ChatException(code, text, retry.longValue());
        }
      } catch (DecodeException notOurs) {
        // a text that merely starts with a brace
      }
    }
    return new ChatException(code, message);
  }
}
