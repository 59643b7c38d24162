package io.chat.cli.command;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The text of {@code /help}. */
public final class HelpText {

  private static final int WIDTH = Arrays.stream(SlashCommand.values())
      .mapToInt(command -> command.usage().length()).max().orElse(0) + 2;

  private HelpText() {
  }

  public static String all() {
    String commands = Arrays.stream(SlashCommand.values())
        .map(HelpText::line)
        .collect(Collectors.joining(System.lineSeparator()));
    return String.join(System.lineSeparator(),
        "commands:",
        commands,
        "A user or group is named by its name, or by its id as #12. A line without a leading /",
        "goes to whom you last wrote with /msg or /g; start it with // to send a text beginning with /.",
        "Tab completes commands, friends and groups; up and down walk the history.");
  }

  /** Help on one command, or the whole help when the topic is none of them. */
  public static String of(String topic) {
    Optional<SlashCommand> command = topic == null ? Optional.empty() : SlashCommand.of(topic);
    return command.map(HelpText::line).orElseGet(HelpText::all);
  }

  private static String line(SlashCommand command) {
    return "  " + String.format("%-" + WIDTH + "s", command.usage()) + command.summary();
  }
}
