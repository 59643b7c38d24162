package io.chat.cli.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Standard input and output that are not a terminal: lines in, lines out, no prompts. */
final class StreamConsole implements Console {

  private final BufferedReader in;
  private final PrintStream out;

  StreamConsole(InputStream in, PrintStream out) {
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.out = out;
  }

  @Override
  public String readLine(String prompt) {
    try {
      return in.readLine();
    } catch (IOException unreadable) {
      return null;
    }
  }

  @Override
  public String readPassword(String prompt) {
    return readLine(prompt);
  }

  @Override
  public synchronized void print(String text) {
    out.println(text);
    out.flush();
  }

  @Override
  public void promptChanged(String prompt) {
  }

  @Override
  public boolean interactive() {
    return false;
  }

  @Override
  public void close() {
  }
}
