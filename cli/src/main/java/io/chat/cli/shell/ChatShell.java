package io.chat.cli.shell;

import io.chat.cli.Await;
import io.chat.cli.ExitCodes;
import io.chat.cli.command.Command;
import io.chat.cli.command.CommandParser;
import io.chat.cli.command.Conversation;
import io.chat.cli.command.HelpText;
import io.chat.cli.connection.ChatConnection;
import io.chat.cli.connection.Credentials;
import io.chat.cli.connection.Dialer;
import io.chat.cli.connection.Receipts;
import io.chat.cli.connection.Endpoint;
import io.chat.cli.render.Renderer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;
import org.jline.terminal.Terminal;

/**
 * The interactive client: reads commands from a {@link Console} (a terminal with history and
 * completion, or plain streams), sends them, and prints replies and events above the line
 * being typed. A dropped connection is made again, with growing pauses, and the user logged in
 * again. Fed by a program, it prints no prompts and, at the end of the input, waits for the
 * last reply.
 */
public final class ChatShell {

  private static final long REQUEST_TIMEOUT_MILLIS = 10_000;
  /** Well inside the server's idle timeout, so an open client is not closed as idle. */
  private static final long KEEPALIVE_MILLIS = 60_000;
  private static final long ACK_MILLIS = 500;
  private static final long FIRST_RETRY_MILLIS = 1_000;
  private static final long MAX_RETRY_MILLIS = 30_000;

  private final Vertx vertx;
  private final Dialer dialer;
  private final Endpoint endpoint;
  private final Directory directory = new Directory();
  private final Console console;
  private final Renderer renderer = new Renderer(Clock.systemDefaultZone(), true);
  private volatile ChatConnection connection;
  private volatile Credentials credentials;
  private volatile Conversation conversation;
  private volatile boolean quitting;
  private volatile Future<JsonObject> lastRequest = Future.succeededFuture();
  private final Receipts receipts = new Receipts();

  private ChatShell(Vertx vertx, Endpoint endpoint, Function<Directory, Console> console) {
    this.vertx = vertx;
    this.dialer = new Dialer(vertx, endpoint);
    this.endpoint = endpoint;
    this.console = console.apply(directory);
  }

  /** A shell on the process's terminal, or on its standard streams when they are not one. */
  public static ChatShell onSystemConsole(Vertx vertx, Endpoint endpoint) {
    return new ChatShell(vertx, endpoint, System.console() != null
        ? TerminalConsole::onSystemTerminal
        : directory -> new StreamConsole(System.in, System.out));
  }

  /** A shell on this terminal, keeping what is typed in this history file. */
  static ChatShell onTerminal(Vertx vertx, Endpoint endpoint, Terminal terminal, Path history) {
    return new ChatShell(vertx, endpoint, directory -> new TerminalConsole(directory, terminal, history));
  }

  /** A shell reading these lines and printing to this stream, as a program would drive it. */
  public static ChatShell onStreams(Vertx vertx, Endpoint endpoint, InputStream in, PrintStream out) {
    return new ChatShell(vertx, endpoint, directory -> new StreamConsole(in, out));
  }

  /** Runs until {@code /quit} or the end of input; returns the exit code. */
  public int run() {
    try {
      attach(Await.result(dialer.connect(endpoint), Dialer.CONNECT_MILLIS));
    } catch (Exception unreachable) {
      print("cannot connect to " + endpoint + ": " + Await.describe(unreachable));
      return ExitCodes.NO_CONNECTION;
    }
    long keepalive = vertx.setPeriodic(KEEPALIVE_MILLIS, tick -> keepAlive());
    long acknowledging = vertx.setPeriodic(ACK_MILLIS, tick -> acknowledge());
    if (console.interactive()) {
      print("type /help for the commands, /quit to leave");
    }
    String line;
    while (!quitting && (line = console.readLine(prompt())) != null) {
      handle(CommandParser.parse(line, conversation));
    }
    vertx.cancelTimer(keepalive);
    vertx.cancelTimer(acknowledging);
    finish();
    console.close();
    return ExitCodes.OK;
  }

  private void handle(Command command) {
    if (command instanceof Command.Invalid invalid) {
      print(invalid.problem());
    } else if (command instanceof Command.Help help) {
      print(HelpText.of(help.topic()));
    } else if (command instanceof Command.Quit) {
      quitting = true;
    } else if (command instanceof Command.NeedsPassword needs) {
      String password = readPassword();
      if (password != null) {
        sendTyped(needs.with(password));
      }
    } else if (command instanceof Command.Request request) {
      sendTyped(request);
    }
  }

  /** Sends what the user typed; a program feeding lines gets each reply before its next line is read. */
  private void sendTyped(Command.Request request) {
    send(request);
    if (!console.interactive()) {
      awaitLastReply();
    }
  }

  private String readPassword() {
    return console.readPassword(console.interactive() ? "password: " : "");
  }

  private void send(Command.Request request) {
    ChatConnection current = connection;
    if (current == null) {
      print("not connected (reconnecting); try again in a moment");
      return;
    }
    if ("logout".equals(request.body().getString("op"))) {
      // Acknowledged before the session ends (requests are answered in order), not replayed at the next login.
      acknowledge();
    }
    lastRequest = current.requestUntilNotBusy(request.body(), REQUEST_TIMEOUT_MILLIS,
            retry -> print("* the server is busy; trying again in " + retry + " ms"))
        .onSuccess(reply -> replied(request, reply))
        .onFailure(failure -> print("error: " + Await.describe(failure)));
  }

  private void replied(Command.Request sent, JsonObject reply) {
    JsonObject request = sent.body();
    if (Boolean.TRUE.equals(reply.getBoolean("ok"))) {
      directory.replied(request, reply);
      if (sent.conversation() != null) {
        conversation = sent.conversation();
        updatePrompt();
      }
      String op = String.valueOf(reply.getValue("op"));
      if (op.equals("login")) {
        String name = reply.getJsonObject("user").getString("name");
        if (credentials == null || !credentials.name().equals(name)) {
          receipts.clear();
        }
        // Reconnects log in with the token: no password is kept, and none is hashed again.
        credentials = new Credentials(name, null, reply.getString("token"));
        updatePrompt();
        learnCursors();
      } else if (op.equals("send") || op.equals("group_send")) {
        receipts.sent(reply);
      } else if (op.equals("logout")) {
        receipts.clear();
        credentials = null;
        conversation = null;
        updatePrompt();
      }
    }
    String text = renderer.reply(request, reply);
    if (text != null) {
      print(text);
    }
  }

  private void attach(ChatConnection opened) {
    connection = opened;
    print(renderer.event(opened.hello()));
    opened.eventHandler(event -> {
      if (!receipts.fresh(event)) {
        // Shown before the reconnect, not acknowledged yet, and so replayed: once is enough.
        return;
      }
      directory.event(event);
      // Counted as shown before it is printed: one who sees it printed and quits at once gets it acknowledged.
      receipts.shown(event);
      String text = renderer.event(event);
      if (text != null) {
        print(text);
      }
    });
    opened.closed().onComplete(closed -> {
      connection = null;
      if (!quitting) {
        print("* disconnected; connecting again");
        reconnect(FIRST_RETRY_MILLIS);
      }
    });
  }

  private void reconnect(long delayMillis) {
    vertx.setTimer(delayMillis, timer -> dialer.connect(endpoint)
        .onSuccess(opened -> {
          attach(opened);
          Credentials known = credentials;
          if (known != null) {
            send(new Command.Request(known.login(true), null));
          }
        })
        .onFailure(failure -> {
          long next = Math.min(delayMillis * 2, MAX_RETRY_MILLIS);
          print("* cannot connect to " + endpoint + " (" + Await.describe(failure) + "); trying again in "
              + next / 1000 + " s");
          reconnect(next);
        }));
  }

  /** Where the user's cursors stand, so that what the user sends next counts as read by them. */
  private void learnCursors() {
    ChatConnection current = connection;
    if (current != null) {
      current.request(new JsonObject().put("op", "conversations"), REQUEST_TIMEOUT_MILLIS)
          .onSuccess(reply -> {
            if (Boolean.TRUE.equals(reply.getBoolean("ok"))) {
              receipts.known(reply.getJsonArray("convs"));
            }
          });
    }
  }

  /** Acknowledges what was shown since the last time (the server replays the rest at the next login). */
  private void acknowledge() {
    ChatConnection current = connection;
    if (current != null && credentials != null) {
      receipts.acknowledge(current, REQUEST_TIMEOUT_MILLIS);
    }
  }

  private void keepAlive() {
    ChatConnection current = connection;
    if (current != null) {
      current.request(new JsonObject().put("op", "ping"), REQUEST_TIMEOUT_MILLIS);
    }
  }

  /** Waits for the reply to the last request (input may end right after it), then closes. */
  private void finish() {
    quitting = true;
    awaitLastReply();
    ChatConnection current = connection;
    if (current != null && credentials != null) {
      try {
        Await.result(receipts.acknowledge(current, REQUEST_TIMEOUT_MILLIS), REQUEST_TIMEOUT_MILLIS);
      } catch (Exception notAcknowledged) {
        // shown again at the next login
      }
    }
    if (current != null) {
      try {
        Await.result(current.close(), REQUEST_TIMEOUT_MILLIS);
      } catch (Exception closing) {
        // leaving anyway
      }
    }
  }

  private void awaitLastReply() {
    try {
      Await.result(lastRequest, REQUEST_TIMEOUT_MILLIS + 1_000);
    } catch (Exception alreadyReported) {
      // its failure was printed when it happened
    }
  }

  private String prompt() {
    if (!console.interactive()) {
      return "";
    }
    Credentials known = credentials;
    Conversation to = conversation;
    return (known == null ? "" : known.name()) + (to == null ? "" : " -> " + to.label()) + "> ";
  }

  /** Shows a new prompt at once (after a login, a logout or a new conversation) rather than at the next line. */
  private void updatePrompt() {
    console.promptChanged(prompt());
  }

  private void print(String text) {
    console.print(text);
  }
}
