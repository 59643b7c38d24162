package io.chat.cli.script;

import io.chat.cli.command.Conversation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chat-cli group-send --user alice --password-file F --group team hello all}. */
@Command(name = "group-send", description = "Send a message to a group you are a member of.")
public final class GroupSendCommand extends MessageCommand {

  @Option(names = "--group", required = true, paramLabel = "GROUP", description = "the group's name, or #id")
  String group;

  @Override
  Conversation conversation() {
    return Conversation.named(true, group);
  }
}
