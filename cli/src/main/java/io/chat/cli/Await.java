package io.chat.cli;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a future on the main thread (never on an event loop). */
public final class Await {

  private Await() {
  }

  public static <T> T result(Future<T> future, long timeoutMillis) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException failed) {
      throw failed.getCause() instanceof Exception cause ? cause : failed;
    } catch (TimeoutException late) {
      throw new TimeoutException("no answer within " + timeoutMillis + " ms");
    }
  }

  /** A failure in words, without the exception class names of the libraries. */
  public static String describe(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }
}
