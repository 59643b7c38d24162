package io.chat.cli.shell;

/** Where the shell reads lines and prints: a terminal with line editing, or plain streams. */
interface Console extends AutoCloseable {

  /** The next line; null at the end of input. */
  String readLine(String prompt);

  /** A line read without echo where the console can; null at the end of input. */
  String readPassword(String prompt);

  /** Prints a line without disturbing the one being typed; callable from any thread. */
  void print(String text);

  /** Shows a new prompt now, if a line is being read. */
  void promptChanged(String prompt);

  /** Whether a person types here (prompts, history, completion) or a program feeds lines. */
  boolean interactive();

  @Override
  void close();
}
