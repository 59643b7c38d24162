package io.chat.common.protocol;

/**
 * The content rules of the protocol: lengths are counted in Unicode characters (code points),
 * and no string may carry a lone UTF-16 surrogate, which could not be stored as UTF-8.
 */
public final class Limits {

  public static final int CID_MAX = 64;
  public static final int HISTORY_DEFAULT = 50;
  public static final int HISTORY_MAX = 200;
  public static final int PUSH_TOKEN_MAX = 4096;

  private final int nameMax;
  private final int passwordMin;
  private final int passwordMax;
  private final int descMax;
  private final int textMax;

  public Limits(int nameMax, int passwordMin, int passwordMax, int descMax, int textMax) {
    this.nameMax = nameMax;
    this.passwordMin = passwordMin;
    this.passwordMax = passwordMax;
    this.descMax = descMax;
    this.textMax = textMax;
  }

  /** A user or group name: 1 to nameMax characters, no whitespace or control characters. */
  public void checkName(String name, ErrorCode onFailure) {
    int length = length(name, onFailure);
    if (length < 1 || length > nameMax) {
      throw new ChatException(onFailure, "a name has 1 to " + nameMax + " characters");
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (!isNameCharacter(cp)) {
        throw new ChatException(onFailure, "a name may not contain spaces or control characters");
      }
      i += Character.charCount(cp);
    }
  }

  public void checkPassword(String password) {
    int length = length(password, ErrorCode.INVALID_PASSWORD);
    if (length < passwordMin || length > passwordMax) {
      throw new ChatException(ErrorCode.INVALID_PASSWORD,
          "a password has " + passwordMin + " to " + passwordMax + " characters");
    }
  }

  public void checkText(String text) {
    int length = length(text, ErrorCode.INVALID_TEXT);
    if (length < 1 || length > textMax) {
      throw new ChatException(ErrorCode.INVALID_TEXT, "a text has 1 to " + textMax + " characters");
    }
  }

  public void checkDesc(String desc) {
    if (length(desc, ErrorCode.BAD_REQUEST) > descMax) {
      throw new ChatException(ErrorCode.BAD_REQUEST,
          "a group description has at most " + descMax + " characters");
    }
  }

  /** A client's id for a send: 1 to 64 characters. */
  public void checkCid(String cid) {
    int length = length(cid, ErrorCode.BAD_REQUEST);
    if (length < 1 || length > CID_MAX) {
      throw Errors.badRequest("a cid has 1 to " + CID_MAX + " characters");
    }
  }

  /** A device's push token: 1 to 4,096 characters, whatever the limits configured (the column's width). */
  public static void checkPushToken(String token) {
    int length = token == null ? -1 : length(token, ErrorCode.BAD_REQUEST);
    if (length < 1 || length > PUSH_TOKEN_MAX) {
      throw Errors.badRequest("a token has 1 to " + PUSH_TOKEN_MAX + " characters");
    }
  }

  /** The page size of {@code history}: 1 to 200, 50 when none is given. */
  public int historyLimit(Integer limit) {
    if (limit == null) {
      return HISTORY_DEFAULT;
    }
    if (limit < 1 || limit > HISTORY_MAX) {
      throw Errors.badRequest("limit is 1 to " + HISTORY_MAX);
    }
    return limit;
  }

  /** Code points in s; one that holds a lone surrogate is refused, whatever its length, and says why. */
  private static int length(String s, ErrorCode onFailure) {
    int length = validLength(s);
    if (length < 0) {
      throw new ChatException(onFailure, "a lone UTF-16 surrogate (an escape such as \\ud800 without its pair) is no character");
    }
    return length;
  }

  /** Code points in s, or -1 when s holds a lone surrogate. */
  static int validLength(String s) {
    int count = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return -1;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return -1;
      }
      count++;
    }
    return count;
  }

  private static boolean isNameCharacter(int cp) {
    if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)) {
      return false;
    }
    int type = Character.getType(cp);
    // Zero-width spaces and bidi controls (category Cf) would make two names look identical,
    // but the joiners U+200C/U+200D are part of many scripts and emoji, so they stay allowed.
    // Code points this Java does not know yet (newer emoji) are any script's characters too.
    return type != Character.FORMAT || cp == 0x200C || cp == 0x200D;
  }
}
