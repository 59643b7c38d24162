package io.chat.push.provider;

/** The answers every provider gives alike. */
final class Outcomes {

  private static final int TOO_MANY_REQUESTS = 429;

  private Outcomes() {
  }

  /** 2xx sent; 429 and 5xx retried; anything else refused for good. */
  static Outcome ofStatus(int status) {
    if (status >= 200 && status < 300) {
      return Outcome.SENT;
    }
    return status == TOO_MANY_REQUESTS || status >= 500 ? Outcome.RETRY : Outcome.FAILED;
  }
}
