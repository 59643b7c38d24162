package io.chat.common.protocol;

/**
 * The protocol errors more than one part of the node answers with, each written once so every
 * service gives the same code with the same text.
 */
public final class Errors {

  private Errors() {
  }

  public static ChatException noSuchUser() {
    return new ChatException(ErrorCode.NO_SUCH_USER, "no such user");
  }

  public static ChatException noSuchGroup() {
    return new ChatException(ErrorCode.NO_SUCH_GROUP, "no such group");
  }

  public static ChatException notMember() {
    return notMember("you are not a member of this group");
  }

  public static ChatException notMember(String text) {
    return new ChatException(ErrorCode.NOT_MEMBER, text);
  }

  public static ChatException notFriends(String name) {
    return new ChatException(ErrorCode.NOT_FRIENDS, name + " is not your friend");
  }

  public static ChatException badRequest(String text) {
    return new ChatException(ErrorCode.BAD_REQUEST, text);
  }

  public static ChatException rateLimited(String text) {
    return new ChatException(ErrorCode.RATE_LIMITED, text);
  }

  /** At capacity for this kind of request: it had no effect, and may be tried again in retryMillis. */
  public static ChatException busy(String text, long retryMillis) {
    return new ChatException(ErrorCode.BUSY, text, retryMillis);
  }

  /** A bug: never the failure's own text, which may carry internals. */
  public static ChatException internal() {
    return new ChatException(ErrorCode.INTERNAL, "internal error");
  }
}
