package io.chat.cli.script;

import io.chat.cli.Await;
import io.chat.cli.ChatCli;
import io.chat.cli.CliVertx;
import io.chat.cli.ExitCodes;
import io.chat.cli.connection.ChatConnection;
import io.chat.cli.connection.Credentials;
import io.chat.cli.connection.Dialer;
import io.chat.cli.connection.Receipts;
import io.chat.cli.render.Renderer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine.ParentCommand;

/**
 * A command for scripts: connect, log in (unless it is {@code register}), make its requests,
 * print the replies (in words, or as JSON with {@code --json}), and exit with a code that says
 * how it went. Errors go to standard error.
 */
abstract class OneShot implements Callable<Integer> {

  /** How long a request may take with its retries while the server says busy. */
  private static final long BUSY_WAIT_MAX_MILLIS = 600_000;

  static final long TIMEOUT_MILLIS = 10_000;

  /** Holds the endpoint options and {@code --json}, which every command inherits from it. */
  @ParentCommand
  ChatCli cli;

  private final Renderer renderer = new Renderer(Clock.systemDefaultZone(), false);
  /** Events as they arrive, for commands that wait for them. */
  final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
  /** The reply to the login, once logged in. */
  JsonObject loginReply;
  PrintStream out = System.out;
  PrintStream err = System.err;

  /** Who to log in as, or null to stay logged out. */
  abstract Credentials credentials() throws IOException;

  /** The requests once logged in; returns the exit code. */
  abstract int run(ChatConnection connection) throws Exception;

  @Override
  public Integer call() throws Exception {
    Credentials credentials;
    try {
      credentials = credentials();
    } catch (IOException unreadable) {
      err.println("cannot read the password: " + Await.describe(unreadable));
      return ExitCodes.USAGE;
    }
    Vertx vertx = CliVertx.create(1);
    try {
      ChatConnection connection;
      try {
        connection = Await.result(new Dialer(vertx, cli.endpoint()).connect(cli.endpoint()), Dialer.CONNECT_MILLIS);
      } catch (Exception unreachable) {
        err.println("cannot connect to " + cli.endpoint() + ": " + Await.describe(unreachable));
        return ExitCodes.NO_CONNECTION;
      }
      connection.eventHandler(events::add);
      if (credentials != null) {
        JsonObject login = request(connection, credentials.login(true));
        if (login == null) {
          return ExitCodes.NO_CONNECTION;
        }
        if (!ok(login)) {
          err.println(renderer.error(login));
          return ExitCodes.LOGIN_FAILED;
        }
        loginReply = login;
      }
      int code = run(connection);
      Await.result(connection.close(), TIMEOUT_MILLIS);
      return code;
    } finally {
      CliVertx.close(vertx);
    }
  }

  /**
   * The reply, or null after saying on standard error that the connection failed. A server that
   * answers busy (at its password-hashing capacity) is asked again when it says.
   */
  JsonObject request(ChatConnection connection, JsonObject request) {
    try {
      return Await.result(connection.requestUntilNotBusy(request, TIMEOUT_MILLIS,
          retry -> err.println("the server is busy; trying again in " + retry + " ms")), BUSY_WAIT_MAX_MILLIS);
    } catch (Exception lost) {
      err.println("no reply from " + cli.endpoint() + ": " + Await.describe(lost));
      return null;
    }
  }

  /** Sends a request, prints its reply, and returns the exit code it means. */
  int requestAndPrint(ChatConnection connection, JsonObject request) {
    JsonObject reply = request(connection, request);
    if (reply == null) {
      return ExitCodes.NO_CONNECTION;
    }
    if (ok(reply) && reply.getString("conv") != null && reply.getLong("seq") != null) {
      acknowledgeOwn(connection, reply);
    }
    if (cli.json()) {
      (ok(reply) ? out : err).println(reply.encode());
    } else if (ok(reply)) {
      String text = renderer.reply(request, reply);
      if (text != null) {
        out.println(text);
      }
    } else {
      err.println(renderer.error(reply));
    }
    return ok(reply) ? ExitCodes.OK : ExitCodes.REFUSED;
  }

  /**
   * The user's own message counts as read by them: acknowledged when the user's cursor is just
   * before it (this session acknowledges, so nothing else moves it). Otherwise it waits for
   * what comes before it to be read, as any client's acknowledgement would.
   */
  private void acknowledgeOwn(ChatConnection connection, JsonObject sent) {
    Receipts receipts = new Receipts();
    receipts.sent(sent);
    JsonObject convs = request(connection, new JsonObject().put("op", "conversations"));
    if (convs != null && ok(convs)) {
      receipts.known(convs.getJsonArray("convs"));
      try {
        Await.result(receipts.acknowledge(connection, TIMEOUT_MILLIS), TIMEOUT_MILLIS);
      } catch (Exception notAcknowledged) {
        // the message stays above the cursor: listed as unread, never lost
      }
    }
  }

  void printEvent(JsonObject event) {
    if (cli.json()) {
      out.println(event.encode());
    } else {
      String text = renderer.event(event);
      if (text != null) {
        out.println(text);
      }
    }
  }

  static boolean ok(JsonObject reply) {
    return Boolean.TRUE.equals(reply.getBoolean("ok"));
  }
}
