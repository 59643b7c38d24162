package io.chat.cli.render;

import java.util.Map;

/** The server's reasons for closing a connection, in words. */
public final class ByeReasons {

  private static final Map<String, String> WORDS = Map.of(
      "shutting_down", "the server is shutting down",
      "idle_timeout", "nothing was sent for too long",
      "slow_consumer", "this client did not read fast enough (messages kept for the next login)",
      "frame_too_large", "a request was too long",
      "too_many_connections", "the server has too many connections");

  private ByeReasons() {
  }

  public static String describe(String reason) {
    return reason == null ? "no reason given" : WORDS.getOrDefault(reason, Renderer.safe(reason));
  }
}
