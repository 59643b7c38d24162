package io.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web client in a real browser: {@code browser-test/scenario.mjs} drives Debian's chromium
 * with playwright-core against a node, finding every control by its accessible name, and saves
 * screenshots under {@code server/target/browser}. Skipped where chromium, node or the npm
 * package is missing ({@code .ci/run} installs them).
 */
@DisplayName("The web client, in a real browser")
class WebClientBrowserTest {

  private static final long SCENARIO_SECONDS = 240;

  @RegisterExtension
  static RunningNode node = new RunningNode();

  @Test
  @DisplayName("lets two people register, log in, befriend, chat both ways, reload and see their history, and use a group")
  void scenario() throws Exception {
    Path project = Path.of(System.getProperty("chat.browser.test.dir", "../browser-test"));
    Path output = Path.of(System.getProperty("chat.browser.output", "target/browser")).toAbsolutePath();
    Path chromium = Path.of(System.getenv().getOrDefault("CHAT_CHROMIUM", "/usr/bin/chromium"));
    assumeTrue(Files.isExecutable(chromium), chromium + " is missing: apt-get install chromium");
    assumeTrue(Files.isDirectory(project.resolve("node_modules/playwright-core")),
        "playwright-core is missing: npm ci in " + project);
    assumeTrue(nodeRuns(), "node (Node.js) is missing");

    Process scenario = new ProcessBuilder("node", "scenario.mjs", "http://127.0.0.1:" + node.get().webPort() + "/",
        output.toString()).directory(project.toFile()).redirectErrorStream(true).start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(scenario.getInputStream(), StandardCharsets.UTF_8))) {
        in.lines().forEach(line -> {
          lines.add(line);
          System.out.println("browser: " + line);
        });
      } catch (IOException e) {
        // the process ended
      }
    }, "browser-scenario-output");
    reader.start();
    boolean ended = scenario.waitFor(SCENARIO_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      scenario.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    reader.join(5_000);
    String transcript = String.join("\n", lines);
    assertTrue(ended, "the browser scenario did not end within " + SCENARIO_SECONDS + " s:\n" + transcript);
    assertEquals(0, scenario.exitValue(), "the browser scenario failed (screenshots in " + output + "):\n" + transcript);
    assertTrue(Files.size(output.resolve("web-client.png")) > 10_000, "a screenshot of the chat");
  }

  private static boolean nodeRuns() {
    try {
      Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      return version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
