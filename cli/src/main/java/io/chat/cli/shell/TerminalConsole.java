package io.chat.cli.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * A terminal, through JLine: line editing, history in a file (without {@code /login} and
 * {@code /register} lines), tab completion, and output printed above the line being typed.
 */
final class TerminalConsole implements Console {

  private final Terminal terminal;
  private final LineReader reader;

  TerminalConsole(Directory directory, Terminal terminal, Path history) {
    this.terminal = terminal;
    reader = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("chat-cli")
        .completer(new ShellCompleter(directory))
        .parser(plainWords())
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .variable(LineReader.HISTORY_IGNORE, "/login*:/register*")
        .variable(LineReader.HISTORY_FILE, history)
        .build();
  }

  /** The process's terminal, with the history in {@code ~/.chat-cli_history}. */
  static TerminalConsole onSystemTerminal(Directory directory) {
    try {
      return new TerminalConsole(directory, TerminalBuilder.builder().system(true).build(),
          Path.of(System.getProperty("user.home"), ".chat-cli_history"));
    } catch (IOException noTerminal) {
      throw new UncheckedIOException(noTerminal);
    }
  }

  /** Words split on spaces only: quotes and backslashes in messages are text, not syntax. */
  private static DefaultParser plainWords() {
    DefaultParser parser = new DefaultParser();
    parser.setQuoteChars(new char[0]);
    parser.setEscapeChars(new char[0]);
    parser.setEofOnUnclosedBracket();
    return parser;
  }

  @Override
  public String readLine(String prompt) {
    while (true) {
      try {
        return reader.readLine(prompt);
      } catch (UserInterruptException interrupted) {
        if (interrupted.getPartialLine().isEmpty()) {
          print("(/quit or Ctrl-D to leave)");
        }
      } catch (EndOfFileException endOfInput) {
        return null;
      }
    }
  }

  @Override
  public String readPassword(String prompt) {
    try {
      return reader.readLine(prompt, '*');
    } catch (UserInterruptException | EndOfFileException cancelled) {
      return null;
    }
  }

  @Override
  public void print(String text) {
    reader.printAbove(text);
  }

  /**
   * Redisplays rather than redraws: a redraw makes JLine forget what the screen shows, so the
   * next line printed above would be written over the old prompt instead of erasing it.
   */
  @Override
  public void promptChanged(String prompt) {
    if (reader instanceof LineReaderImpl impl && reader.isReading()) {
      impl.setPrompt(prompt);
      try {
        reader.callWidget(LineReader.REDISPLAY);
      } catch (IllegalStateException lineJustTaken) {
        // the next readLine shows the new prompt
      }
    }
  }

  @Override
  public boolean interactive() {
    return true;
  }

  @Override
  public void close() {
    try {
      terminal.close();
    } catch (IOException closing) {
      // leaving anyway
    }
  }
}
