package io.chat.cli.shell;

import io.chat.cli.command.SlashCommand;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** Completes command words, then friends' names after user commands and group names after group commands. */
final class ShellCompleter implements Completer {

  private final Directory directory;

  ShellCompleter(Directory directory) {
    this.directory = directory;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    if (line.wordIndex() == 0) {
      if (line.word().startsWith("/") || line.word().isEmpty()) {
        SlashCommand.typedWords().forEach(word -> candidates.add(new Candidate(word)));
      }
      return;
    }
    if (line.wordIndex() != 1) {
      return;
    }
    SlashCommand.of(line.words().get(0)).ifPresent(command -> {
      List<String> names = switch (command.arg()) {
        case USER -> directory.friends();
        case GROUP -> directory.groups();
        case COMMAND -> SlashCommand.typedWords().stream().map(word -> word.substring(1)).toList();
        case NONE -> List.of();
      };
      names.forEach(name -> candidates.add(new Candidate(name)));
    });
  }
}
