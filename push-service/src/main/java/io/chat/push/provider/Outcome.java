package io.chat.push.provider;

/** What one attempt to notify a device came to, as its provider answered. */
public enum Outcome {
  /** The provider took the notification. */
  SENT,
  /** The provider says the token is gone (uninstalled, expired, not a token): remove it. */
  GONE,
  /** Down, overloaded or too slow for now (5xx, 429, a timeout): try again later. */
  RETRY,
  /** Refused for good (another 4xx): trying again would not help. */
  FAILED
}
