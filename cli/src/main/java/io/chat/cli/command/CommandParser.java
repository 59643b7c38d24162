package io.chat.cli.command;

/**
 * Turns a typed line into a {@link Command}: {@code /word args}, or a plain line, which is a
 * message to the current conversation.
 */
public final class CommandParser {

  private CommandParser() {
  }

  public static Command parse(String line, Conversation conversation) {
    String trimmed = line.strip();
    if (trimmed.isEmpty()) {
      return new Command.Nothing();
    }
    if (!trimmed.startsWith("/") || trimmed.startsWith("//")) {
      // "//text" sends "/text" as a message.
      String text = trimmed.startsWith("//") ? trimmed.substring(1) : trimmed;
      return conversation == null
          ? new Command.Invalid("to send a message, use /msg <user> <text> or /g <group> <text> (see /help)")
          : new Command.Request(conversation.message(text), null);
    }
    int end = 0;
    while (end < trimmed.length() && !Character.isWhitespace(trimmed.charAt(end))) {
      end++;
    }
    String word = trimmed.substring(0, end);
    Arguments arguments = new Arguments(trimmed, end);
    return SlashCommand.of(word)
        .map(command -> command.parse(arguments))
        .orElseGet(() -> new Command.Invalid("unknown command " + word + " (see /help)"));
  }
}
