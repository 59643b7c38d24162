package io.chat.common.model;

import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.Errors;

/**
 * A conversation: {@code d:<a>:<b>} between users a &lt; b, or {@code g:<id>} of a group. Every
 * message belongs to exactly one, which numbers it.
 *
 * <p>A class, not a record, to keep its text: a conversation's id is written into every message,
 * statement and event it has, and is made once.
 */
public final class ConvId {

  private final boolean group;
  private final int first;
  private final int second;
  private final String text;

  /**
   * @param group true for a group's conversation
   * @param first the lower user id, or the group id
   * @param second the higher user id (0 for a group)
   */
  private ConvId(boolean group, int first, int second) {
    this.group = group;
    this.first = first;
    this.second = second;
    this.text = group ? "g:" + first : "d:" + first + ":" + second;
  }

  /** True for a group's conversation. */
  public boolean group() {
    return group;
  }

  /** The lower user id, or the group id. */
  public int first() {
    return first;
  }

  /** The higher user id (0 for a group). */
  public int second() {
    return second;
  }

  public static ConvId direct(int a, int b) {
    if (a == b || a <= 0 || b <= 0) {
      throw new IllegalArgumentException("a direct conversation needs two different users: " + a + ", " + b);
    }
    return new ConvId(false, Math.min(a, b), Math.max(a, b));
  }

  public static ConvId group(int id) {
    return new ConvId(true, id, 0);
  }

  /** Parses a client's {@code conv}: {@code bad_request} unless it is one of the two forms. */
  public static ConvId parse(String text) {
    String[] parts = text.split(":", -1);
    try {
      if (parts.length == 2 && parts[0].equals("g")) {
        int id = positive(parts[1]);
        return group(id);
      }
      if (parts.length == 3 && parts[0].equals("d")) {
        int a = positive(parts[1]);
        int b = positive(parts[2]);
        if (a < b) {
          return new ConvId(false, a, b);
        }
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal
    }
    throw badConv(text);
  }

  /** True when this is a direct conversation of that user. */
  public boolean hasUser(int user) {
    return !group && (first == user || second == user);
  }

  /** In a direct conversation of that user, the other one. */
  public int peerOf(int user) {
    return first == user ? second : first;
  }

  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ConvId conv && conv.group == group && conv.first == first && conv.second == second;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * first + second) + (group ? 1 : 0);
  }

  private static int positive(String digits) {
    // Only plain decimal digits: no sign, no leading zeros, so each conversation has one spelling.
    if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || (digits.length() > 1 && digits.charAt(0) == '0')) {
      throw new NumberFormatException(digits);
    }
    int value = Integer.parseInt(digits);
    if (value <= 0) {
      throw new NumberFormatException(digits);
    }
    return value;
  }

  private static ChatException badConv(String text) {
    return Errors.badRequest("conv must be d:<lower user id>:<higher user id> or g:<group id>, not '"
        + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
  }
}
