package io.chat.common.protocol;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The error codes of the wire protocol. Each has a stable number that services use as the
 * event-bus failure code ({@code message.fail(code, text)}), so a failure crosses the bus
 * and comes back out as the same protocol error.
 */
public enum ErrorCode {
  BAD_JSON(1),
  BAD_REQUEST(2),
  UNKNOWN_OP(3),
  FRAME_TOO_LARGE(4),
  NOT_LOGGED_IN(5),
  ALREADY_LOGGED_IN(6),
  BAD_CREDENTIALS(7),
  INVALID_NAME(8),
  INVALID_PASSWORD(9),
  INVALID_TEXT(10),
  NAME_TAKEN(11),
  GROUP_NAME_TAKEN(12),
  NO_SUCH_USER(13),
  NO_SUCH_GROUP(14),
  NOT_FRIENDS(15),
  ALREADY_FRIENDS(16),
  CANNOT_BEFRIEND_SELF(17),
  NOT_MEMBER(18),
  ALREADY_MEMBER(19),
  NOT_CREATOR(20),
  IS_CREATOR(21),
  RATE_LIMITED(22),
  UNAVAILABLE(23),
  INTERNAL(24),
  BUSY(25);

  private static final Map<Integer, ErrorCode> BY_NUMBER = new HashMap<>();

  static {
    for (ErrorCode code : values()) {
      BY_NUMBER.put(code.number, code);
    }
  }

  private final int number;
  private final String wireName;

  ErrorCode(int number) {
    this.number = number;
    this.wireName = name().toLowerCase(Locale.ROOT);
  }

  /** The failure code carried on the event bus. */
  public int number() {
    return number;
  }

  /** The code as it appears in the {@code error} field of a reply. */
  public String wireName() {
    return wireName;
  }

  /** The code for a bus failure number; numbers we do not know are {@link #INTERNAL}. */
  public static ErrorCode ofNumber(int number) {
    return BY_NUMBER.getOrDefault(number, INTERNAL);
  }
}
