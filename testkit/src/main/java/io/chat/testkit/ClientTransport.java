package io.chat.testkit;

/** How a test client reaches a node: newline-delimited JSON over TCP, or JSON text messages over WebSocket. */
public enum ClientTransport {
  TCP("TCP"),
  WEBSOCKET("WebSocket");

  private final String label;

  ClientTransport(String label) {
    this.label = label;
  }

  /** The name test reports show, as in "over WebSocket". */
  @Override
  public String toString() {
    return label;
  }
}
