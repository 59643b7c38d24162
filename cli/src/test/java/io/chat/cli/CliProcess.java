package io.chat.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** chat-cli.jar run as a separate process, as a user or a script runs it: stdin in, stdout and stderr out. */
final class CliProcess implements AutoCloseable {

  private static final String JAR = System.getProperty("chat.cli.jar", "target/chat-cli.jar");

  private final Process process;
  private final OutputStream stdin;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();
  private final StringBuilder stderr = new StringBuilder();
  private final Thread stdoutReader;

  private CliProcess(Process process) {
    this.process = process;
    this.stdin = process.getOutputStream();
    stdoutReader = daemon(() -> pump(process.getInputStream(), stdout::add));
    daemon(() -> pump(process.getErrorStream(), line -> {
      synchronized (stderr) {
        stderr.append(line).append('\n');
      }
    }));
  }

  static CliProcess start(Object... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("java", "-jar", JAR));
    for (Object arg : args) {
      command.add(String.valueOf(arg));
    }
    return new CliProcess(new ProcessBuilder(command).start());
  }

  private static Thread daemon(Runnable reading) {
    Thread thread = new Thread(reading, "chat-cli-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void pump(InputStream stream, Consumer<String> lines) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.accept(line);
      }
    } catch (IOException closed) {
      // the process ended
    }
  }

  void type(String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  /** Waits for a standard-output line starting with this text; returns it. */
  String await(String start) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String line = stdout.poll(100, TimeUnit.MILLISECONDS);
      if (line != null) {
        seen.add(line);
        if (line.startsWith(start)) {
          return line;
        }
      }
    }
    fail("chat-cli never printed a line starting with: " + start + "; it printed " + seen + "; stderr: " + stderr());
    return null;
  }

  /** Ends standard input and waits for the exit code. */
  int exit() throws IOException, InterruptedException {
    stdin.close();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("chat-cli did not exit; stdout " + seen + stdout + "; stderr: " + stderr());
    }
    return process.exitValue();
  }

  /** Everything left on standard output, once the process has exited and all it wrote is read. */
  List<String> rest() throws InterruptedException {
    stdoutReader.join(TimeUnit.SECONDS.toMillis(10));
    List<String> lines = new ArrayList<>();
    stdout.drainTo(lines);
    return lines;
  }

  String stderr() {
    synchronized (stderr) {
      return stderr.toString();
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
