package io.chat.cli.script;

import io.chat.cli.command.Conversation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chat-cli send --user alice --password-file F --to bob hello there}. */
@Command(name = "send", description = "Send a message to a friend (stored for them if they are offline).")
public final class SendCommand extends MessageCommand {

  @Option(names = "--to", required = true, paramLabel = "USER", description = "the friend's name, or #id")
  String to;

  @Override
  Conversation conversation() {
    return Conversation.named(false, to);
  }
}
