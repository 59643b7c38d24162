package io.chat.common.protocol;

/**
 * A request failed with a protocol error. The message is the human text of the reply, so it
 * must never carry internals (SQL, stack traces, passwords).
 */
public final class ChatException extends RuntimeException {

  private final ErrorCode code;

  public ChatException(ErrorCode code, String message) {
    // No stack trace: these are expected outcomes (a wrong password, a taken name), not bugs.
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
