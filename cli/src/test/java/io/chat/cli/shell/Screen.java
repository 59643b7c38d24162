package io.chat.cli.shell;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jline.builtins.ScreenTerminal;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;

/**
 * A terminal for a test: what a program writes to it is laid out on an emulated screen, as a
 * person would see it, and the test types into it.
 */
final class Screen extends OutputStream {

  private static final int COLUMNS = 80;
  private static final int ROWS = 24;

  private final ScreenTerminal screen = new ScreenTerminal(COLUMNS, ROWS);
  private final ByteArrayOutputStream unshown = new ByteArrayOutputStream();
  private final PipedOutputStream keyboard = new PipedOutputStream();
  private final Terminal terminal;

  Screen() throws IOException {
    terminal = new ExternalTerminal("test", "xterm", new PipedInputStream(keyboard), this, StandardCharsets.UTF_8);
    terminal.setSize(new Size(COLUMNS, ROWS));
  }

  Terminal terminal() {
    return terminal;
  }

  void type(String line) throws IOException {
    keyboard.write((line + "\r").getBytes(StandardCharsets.UTF_8));
    keyboard.flush();
  }

  @Override
  public synchronized void write(int b) {
    unshown.write(b);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    unshown.write(bytes, offset, length);
  }

  /** The terminal flushes whole characters, so what it wrote so far can be decoded and shown. */
  @Override
  public synchronized void flush() {
    screen.write(unshown.toString(StandardCharsets.UTF_8));
    unshown.reset();
  }

  /** The rows of the screen, without their trailing blanks. */
  synchronized List<String> rows() {
    return screen.toString().lines().map(String::stripTrailing).toList();
  }

  /** Waits until these rows are on the screen, one under the other. */
  void await(String... rows) throws InterruptedException {
    List<String> expected = List.of(rows);
    await(expected.toString(), shown -> Collections.indexOfSubList(shown, expected) >= 0);
  }

  /** Waits until a row starting with this text is on the screen. */
  void awaitRowStarting(String start) throws InterruptedException {
    await("a row starting with " + start, shown -> shown.stream().anyMatch(row -> row.startsWith(start)));
  }

  private void await(String what, Predicate<List<String>> shows) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (shows.test(rows())) {
        return;
      }
      Thread.sleep(50);
    }
    fail("the screen never showed " + what + "; it shows:\n" + String.join("\n", rows()));
  }
}
