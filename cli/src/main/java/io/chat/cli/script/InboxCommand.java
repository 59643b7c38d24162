package io.chat.cli.script;

import io.chat.cli.ExitCodes;
import io.chat.cli.connection.ChatConnection;
import io.chat.cli.Await;
import io.chat.cli.connection.Credentials;
import io.chat.cli.connection.Receipts;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code chat-cli inbox --user bob --password-file F}: logs in, prints the messages sent while
 * the user was away, acknowledges them and exits; with {@code --follow}, keeps printing (and
 * acknowledging) events until the connection closes or the process is stopped. What was not
 * printed is not acknowledged, so the next login gets it again.
 */
@Command(name = "inbox", description = "Print the messages sent while you were away (and, with --follow, what comes next).")
public final class InboxCommand extends OneShot {

  @Mixin
  UserOptions user;

  @Option(names = "--follow", description = "keep printing messages and events as they come")
  boolean follow;

  @Override
  Credentials credentials() throws IOException {
    return user.credentials();
  }

  private final Receipts receipts = new Receipts();

  @Override
  int run(ChatConnection connection) throws InterruptedException {
    int stored = loginReply.getInteger("offline", 0);
    int printed = 0;
    while (printed < stored) {
      JsonObject event = events.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      if (event == null) {
        err.println("the server sent " + printed + " of the " + stored + " stored messages it announced");
        return ExitCodes.NO_CONNECTION;
      }
      printEvent(event);
      receipts.shown(event);
      if ("message".equals(event.getString("event")) && Boolean.TRUE.equals(event.getBoolean("offline"))) {
        printed++;
      }
    }
    acknowledge(connection);
    if (!follow) {
      return ExitCodes.OK;
    }
    while (!connection.closed().isComplete()) {
      JsonObject event = events.poll(1, TimeUnit.SECONDS);
      if (event != null) {
        printEvent(event);
        receipts.shown(event);
        acknowledge(connection);
      }
    }
    return ExitCodes.NO_CONNECTION;
  }

  private void acknowledge(ChatConnection connection) {
    try {
      Await.result(receipts.acknowledge(connection, TIMEOUT_MILLIS), TIMEOUT_MILLIS + 1_000);
    } catch (Exception notAcknowledged) {
      // printed again at the next login
    }
  }
}
