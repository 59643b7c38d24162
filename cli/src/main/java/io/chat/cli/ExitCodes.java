package io.chat.cli;

/** The exit codes of chat-cli, for scripts. */
public final class ExitCodes {

  public static final int OK = 0;
  /** The server answered with an error (its code is printed on standard error). */
  public static final int REFUSED = 1;
  /** The command line was wrong. */
  public static final int USAGE = 2;
  /** No connection: the node could not be reached, closed the connection, or did not answer. */
  public static final int NO_CONNECTION = 3;
  /** The login was refused (wrong name or password, or too many failed logins). */
  public static final int LOGIN_FAILED = 4;

  private ExitCodes() {
  }
}
