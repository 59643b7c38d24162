package io.chat.cli.script;

import io.chat.cli.command.Conversation;
import io.chat.cli.connection.ChatConnection;
import io.chat.cli.connection.Credentials;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** A one-shot command that logs in and sends one message: {@code send} and {@code group-send}. */
abstract class MessageCommand extends OneShot {

  @Mixin
  UserOptions user;

  @Parameters(arity = "1..*", paramLabel = "TEXT", description = "the message (words are joined with spaces)")
  List<String> text;

  /** Where the message goes. */
  abstract Conversation conversation();

  @Override
  Credentials credentials() throws IOException {
    return user.credentials();
  }

  @Override
  int run(ChatConnection connection) {
    return requestAndPrint(connection, conversation().message(String.join(" ", text)));
  }
}
