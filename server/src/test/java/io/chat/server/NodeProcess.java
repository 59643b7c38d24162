package io.chat.server;

import io.chat.common.config.ConfigKeys;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The packaged server jar running as a separate process, with its output captured line by line. */
final class NodeProcess implements AutoCloseable {

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();

  private NodeProcess(Process process, Path logFile) {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
          Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
        String line;
        while ((line = lines.readLine()) != null) {
          output.add(line);
          log.write(line);
          log.write('\n');
          log.flush();
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "node-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code java -jar chat-server.jar args} with these environment variables. Its output is
   * also kept in {@code target/node-logs/<node>-<pid>.log}, to read after a failed run.
   */
  static NodeProcess start(Map<String, String> env, String... args) throws IOException {
    String jar = System.getProperty("chat.server.jar", "target/chat-server.jar");
    List<String> command = new ArrayList<>(List.of(
        new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx256m", "-jar", jar));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(key -> key.startsWith("CHAT_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    Path logs = Files.createDirectories(Path.of(System.getProperty("chat.node.logs", "target/node-logs")));
    String node = env.getOrDefault(ConfigKeys.NODE, "node");
    return new NodeProcess(process, logs.resolve(node + "-" + process.pid() + ".log"));
  }

  /** Waits for a line containing text; returns it. */
  String awaitLine(String text, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      for (String line : output) {
        if (line.contains(text)) {
          return line;
        }
      }
      if (!process.isAlive() && output.stream().noneMatch(line -> line.contains(text))) {
        Thread.sleep(200);
        return output.stream().filter(line -> line.contains(text)).findFirst()
            .orElseThrow(() -> new AssertionError("process ended without '" + text + "': " + output));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no '" + text + "' within " + seconds + " s: " + output);
  }

  /** SIGTERM. */
  void terminate() {
    process.destroy();
  }

  /** SIGKILL: the node dies without a word. */
  void kill() {
    process.destroyForcibly();
  }

  int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("the process did not exit within " + seconds + " s: " + output);
    }
    return process.exitValue();
  }

  long pid() {
    return process.pid();
  }

  /** The process's resident set size in KiB (VmRSS). */
  long rssKib() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for " + process.pid());
  }

  List<String> output() {
    return List.copyOf(output);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
