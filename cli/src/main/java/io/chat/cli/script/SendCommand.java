package io.chat.cli.script;

import io.chat.cli.command.Conversation;
import io.chat.cli.connection.ChatConnection;
import io.chat.cli.connection.Credentials;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chat-cli send --user alice --password-file F --to bob hello there}. */
@Command(name = "send", description = "Send a message to a friend (stored for them if they are offline).")
public final class SendCommand extends OneShot {

  @Mixin
  UserOptions user;

  @Option(names = "--to", required = true, paramLabel = "USER", description = "the friend's name, or #id")
  String to;

  @Parameters(arity = "1..*", paramLabel = "TEXT", description = "the message (words are joined with spaces)")
  List<String> text;

  @Override
  Credentials credentials() throws IOException {
    return user.credentials();
  }

  @Override
  int run(ChatConnection connection) {
    return requestAndPrint(connection, Conversation.named(false, to).message(String.join(" ", text)));
  }
}
