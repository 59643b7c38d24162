package io.chat.store;

import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.vertx.core.VertxException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Tells a store that cannot be reached (answer {@code unavailable}: the request had no effect)
 * from a bug (answer {@code internal}).
 */
public final class StoreFailures {

  private StoreFailures() {
  }

  /** {@code unavailable} for connection-level failures, null for anything else. */
  public static ChatException classify(Throwable failure) {
    return isUnreachable(failure)
        ? new ChatException(ErrorCode.UNAVAILABLE, "a store is unavailable, try again later")
        : null;
  }

  public static boolean isUnreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof ClosedConnectionException
          || t instanceof TimeoutException) {
        return true;
      }
      // Vert.x reports lost connections as plain VertxExceptions, the Redis client as its
      // error type (CONNECTION_CLOSED): recognised by their text.
      if ((t instanceof VertxException || t.getClass().getName().startsWith("io.vertx.redis"))
          && isConnectionMessage(t.getMessage())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isConnectionMessage(String message) {
    if (message == null) {
      return false;
    }
    String text = message.toLowerCase(Locale.ROOT);
    return text.contains("connection") || text.contains("timeout") || text.contains("timed out")
        || text.contains("closed") || text.contains("unavailable");
  }
}
