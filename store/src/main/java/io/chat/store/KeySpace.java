package io.chat.store;

/** Redis key names under one prefix, so deployments (and test runs) never see each other's keys. */
public final class KeySpace {

  private final String prefix;

  public KeySpace(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  public String key(String first, Object... rest) {
    StringBuilder key = new StringBuilder(prefix).append(first);
    for (Object part : rest) {
      key.append(':').append(part);
    }
    return key.toString();
  }
}
