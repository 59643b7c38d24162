package io.chat.cli.connection;

/** The connection closed before a request was answered; carries the server's bye reason, if any. */
public final class ConnectionLostException extends RuntimeException {

  private final String byeReason;

  public ConnectionLostException(String byeReason) {
    super(byeReason == null ? "the connection was lost" : "the server closed the connection (" + byeReason + ")");
    this.byeReason = byeReason;
  }

  public String byeReason() {
    return byeReason;
  }
}
