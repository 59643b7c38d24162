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

/** {@code chat-cli group-send --user alice --password-file F --group team hello all}. */
@Command(name = "group-send", description = "Send a message to a group you are a member of.")
public final class GroupSendCommand extends OneShot {

  @Mixin
  UserOptions user;

  @Option(names = "--group", required = true, paramLabel = "GROUP", description = "the group's name, or #id")
  String group;

  @Parameters(arity = "1..*", paramLabel = "TEXT", description = "the message (words are joined with spaces)")
  List<String> text;

  @Override
  Credentials credentials() throws IOException {
    return user.credentials();
  }

  @Override
  int run(ChatConnection connection) {
    return requestAndPrint(connection, Conversation.named(true, group).message(String.join(" ", text)));
  }
}
