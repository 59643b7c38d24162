package io.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chat.common.config.ConfigKeys;
import io.chat.testkit.TestPorts;
import io.chat.testkit.TestStores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web client in a real browser: {@code browser-test/scenario.mjs} drives Debian's chromium
 * with playwright-core against a node, finding every control by its accessible name, and saves
 * screenshots under {@code server/target/browser}. When the scenario asks, the node is stopped
 * and started again on the same ports, and the pages must come back by themselves. Skipped where
 * chromium, node or the npm package is missing ({@code .ci/run} installs them).
 */
@DisplayName("The web client, in a real browser")
class WebClientBrowserTest {

  private static final long SCENARIO_SECONDS = 300;

  @RegisterExtension
  static TestStores stores = new TestStores();

  private volatile ChatNode node;

  @AfterEach
  void stopNode() throws Exception {
    NodeHarness.stop(node);
  }

  @Test
  @DisplayName("lets two people register, log in, befriend, chat both ways, reload and see their history, come back after a node restart, use a group, leave it and remove a friend")
  void scenario() throws Exception {
    Path project = Path.of(System.getProperty("chat.browser.test.dir", "../browser-test"));
    Path output = Path.of(System.getProperty("chat.browser.output", "target/browser")).toAbsolutePath();
    Path chromium = Path.of(System.getenv().getOrDefault("CHAT_CHROMIUM", "/usr/bin/chromium"));
    assumeTrue(Files.isExecutable(chromium), chromium + " is missing: apt-get install chromium");
    assumeTrue(Files.isDirectory(project.resolve("node_modules/playwright-core")),
        "playwright-core is missing: npm ci in " + project);
    assumeTrue(nodeRuns(), "node (Node.js) is missing");

    int[] ports = TestPorts.free(2);
    Object[] settings = {ConfigKeys.PORT, ports[0], ConfigKeys.WS_PORT, ports[1]};
    node = NodeHarness.start(stores, settings);
    ProcessBuilder command = new ProcessBuilder("node", "scenario.mjs", "http://127.0.0.1:" + ports[1] + "/",
        output.toString()).directory(project.toFile()).redirectErrorStream(true);
    command.environment().put("CHAT_RESTARTABLE", "1");
    // The node's database is this test's own, so the users can have plain names (as in the README's picture).
    command.environment().put("CHAT_NAME_SUFFIX", "");
    Process scenario = command.start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(scenario.getInputStream(), StandardCharsets.UTF_8))) {
        in.lines().forEach(line -> {
          lines.add(line);
          System.out.println("browser: " + line);
          if (line.equals("node: restart")) {
            restart(scenario, settings, lines);
          }
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

  /** Stops the node (its clients get bye) and starts it again on the same ports, then tells the scenario. */
  private void restart(Process scenario, Object[] settings, List<String> lines) {
    Thread restarting = new Thread(() -> {
      try {
        NodeHarness.stop(node);
        node = null;
        node = NodeHarness.start(stores, settings);
        scenario.getOutputStream().write("node restarted\n".getBytes(StandardCharsets.UTF_8));
        scenario.getOutputStream().flush();
      } catch (Exception e) {
        lines.add("the node did not restart: " + e);
        scenario.destroyForcibly();
      }
    }, "node-restart");
    restarting.start();
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
