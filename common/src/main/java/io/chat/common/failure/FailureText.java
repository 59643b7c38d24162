package io.chat.common.failure;

import java.util.regex.Pattern;

/** A failure as it reads in a one-line log entry. */
public final class FailureText {

  /** Netty's native transport: {@code finishConnect(..) failed with error(-111): Connection refused}. */
  private static final Pattern NATIVE_CALL = Pattern.compile("^\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ");

  private FailureText() {
  }

  /**
   * The first message along the failure's causes, on one line, without the system call that
   * Netty's native transport puts before it; the class name when none has a message.
   */
  public static String of(Throwable failure) {
    Throwable described = failure;
    while (described.getMessage() == null && described.getCause() != null && described.getCause() != described) {
      described = described.getCause();
    }
    if (described.getMessage() == null) {
      return described.getClass().getSimpleName();
    }
    return NATIVE_CALL.matcher(described.getMessage().replaceAll("\\s+", " ").strip()).replaceFirst("");
  }
}
