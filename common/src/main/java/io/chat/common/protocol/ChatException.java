package io.chat.common.protocol;

/**
 * A request failed with a protocol error. The message is the human text of the reply, so it
 * must never carry internals (SQL, stack traces, passwords).
 */
public final class ChatException extends RuntimeException {

  /** No {@code retry_ms} in the reply. */
  public static final long NO_RETRY = -1;

  private final ErrorCode code;
  private final long retryMillis;

  public ChatException(ErrorCode code, String message) {
    this(code, message, NO_RETRY);
  }

  /** @param retryMillis when the client may try again ({@code retry_ms} of the reply), or {@link #NO_RETRY} */
  public ChatException(ErrorCode code, String message, long retryMillis) {
    // No stack trace: these are expected outcomes (a wrong password, a taken name), not bugs.
    super(message, null, false, false);
    this.code = code;
    this.retryMillis = retryMillis;
  }

  public ErrorCode code() {
    return code;
  }

  /** When the client may try again, in milliseconds, or {@link #NO_RETRY}. */
  public long retryMillis() {
    return retryMillis;
  }
}
