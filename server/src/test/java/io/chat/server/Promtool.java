package io.chat.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Prometheus' linter, {@code promtool check metrics}, run on a scrape. */
final class Promtool {

  private Promtool() {
  }

  /** What promtool said (problems one per line) and its exit code. */
  record Verdict(int exitCode, String output) {
  }

  /** Lints Prometheus text; skips the calling test, saying why, when promtool is not installed. */
  static Verdict checkMetrics(String metrics) throws IOException, InterruptedException {
    Optional<File> promtool = onPath();
    assumeTrue(promtool.isPresent(),
        "promtool is not installed: it comes with the Debian package prometheus (apt-get install prometheus)");
    Process process = new ProcessBuilder(promtool.get().getPath(), "check", "metrics")
        .redirectErrorStream(true).start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(metrics.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("promtool check metrics did not finish within 30 s: " + output);
    }
    return new Verdict(process.exitValue(), output.strip());
  }

  private static Optional<File> onPath() {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(dir -> new File(dir, "promtool"))
        .filter(File::canExecute)
        .findFirst();
  }
}
