package io.chat.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.cli.TestNode;
import io.chat.common.config.ConfigKeys;
import io.chat.server.ChatNode;
import io.chat.testkit.TestStores;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each bench scenario, small and short, from the packaged jar against a node in this JVM: it
 * runs, prints its summary and a JSON line with its figures, and loses nothing. Whether the
 * figures are good is for docs/benchmarks.md, not for a test.
 */
@DisplayName("chat-cli bench")
class BenchIT {

  private static final String JAR = System.getProperty("chat.cli.jar", "target/chat-cli.jar");

  @RegisterExtension
  static TestStores stores = new TestStores();

  private static ChatNode node;
  private static String prefix;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNode.start(stores, ConfigKeys.WS_PORT, 0);
    prefix = "b" + UUID.randomUUID().toString().substring(0, 6) + "_";
  }

  @AfterAll
  static void stopNode() throws Exception {
    TestNode.stop(node);
  }

  /** Runs a scenario; its JSON line (the last line of its output). */
  private static JsonObject bench(String... args) throws Exception {
    return bench(node.port(), args);
  }

  private static JsonObject bench(int port, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("java", "-jar", JAR, "bench"));
    command.addAll(List.of(args));
    command.addAll(List.of("--port", String.valueOf(port), "--prefix", prefix,
        "--pid", String.valueOf(ProcessHandle.current().pid())));
    // Into a file, not a pipe: a bench that hangs is ended, and what it printed is shown.
    Path output = Files.createTempFile("bench", ".out");
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
        .redirectOutput(output.toFile()).start();
    boolean ended = process.waitFor(120, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly().waitFor();
    }
    List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
    Files.delete(output);
    assertTrue(ended, "bench did not end within 120 s: " + lines);
    assertEquals(0, process.exitValue(), String.join("\n", lines));
    assertTrue(lines.size() > 1, "a summary before the JSON line: " + lines);
    return new JsonObject(lines.get(lines.size() - 1));
  }

  @Test
  @DisplayName("pair: delivers every message between pairs of friends and reports rate and latency")
  void pair() throws Exception {
    JsonObject result = bench("pair", "-n", "4", "-t", "1", "--warmup", "0", "-w", "2");
    assertEquals("pair", result.getString("scenario"));
    assertTrue(result.getLong("messages") > 0, result.encode());
    assertEquals(0, result.getLong("lost"), result.encode());
    assertEquals(result.getLong("accepted"), result.getLong("delivered"), result.encode());
    assertTrue(result.getJsonObject("latency").getDouble("p99_ms") > 0, result.encode());
    assertTrue(result.containsKey("node_cpu_us_per_message"), result.encode());
  }

  @Test
  @DisplayName("pair --ws: the same over WebSocket")
  void pairOverWebSocket() throws Exception {
    JsonObject result = bench(node.webPort(), "pair", "--ws", "-n", "4", "-t", "1", "--warmup", "0", "-w", "2");
    assertEquals("ws://127.0.0.1:" + node.webPort() + "/ws", result.getString("endpoint"));
    assertTrue(result.getLong("messages") > 0, result.encode());
    assertEquals(0, result.getLong("lost"), result.encode());
    assertEquals(result.getLong("accepted"), result.getLong("delivered"), result.encode());
  }

  @Test
  @DisplayName("group: fans every message out to the other members, reusing the groups of an earlier run")
  void group() throws Exception {
    for (int run = 0; run < 2; run++) {
      JsonObject result = bench("group", "-g", "2", "-k", "3", "-t", "1", "--warmup", "0");
      assertEquals(result.getLong("accepted") * 2, result.getLong("delivered"), result.encode());
      assertEquals(0, result.getLong("lost"), result.encode());
    }
  }

  @Test
  @DisplayName("idle: measures the node's memory per logged-in connection")
  void idle() throws Exception {
    JsonObject result = bench("idle", "-c", "50", "--hold", "0");
    assertEquals(50, result.getInteger("connections"));
    assertTrue(result.containsKey("node_rss_kib_per_connection"), result.encode());
    assertTrue(result.containsKey("node_heap_kib_per_connection"), result.encode());
  }

  @Test
  @DisplayName("idle --ws: holds more WebSocket connections at once than a Vert.x client does by default (50)")
  void idleOverWebSocket() throws Exception {
    JsonObject result = bench(node.webPort(), "idle", "--ws", "-c", "80", "--hold", "0");
    assertEquals(80, result.getInteger("connections"));
  }

  @Test
  @DisplayName("login: logs in and out in a loop and counts the logins")
  void login() throws Exception {
    JsonObject result = bench("login", "-c", "2", "-t", "1");
    assertTrue(result.getLong("logins") > 0, result.encode());
    assertTrue(result.getJsonObject("errors").isEmpty(), result.encode());
  }

  @Test
  @DisplayName("login --storm: logs everyone in through busy replies by waiting as told, then again with tokens, none refused")
  void loginStorm() throws Exception {
    // A costly hash and a short timeout: 40 logins at once are more than the node can hash in time.
    ChatNode costly = TestNode.start(stores, ConfigKeys.PASSWORD_ITERATIONS, 300_000, ConfigKeys.REQUEST_TIMEOUT, 2_000);
    try {
      JsonObject result = bench(costly.port(), "login", "--storm", "40");
      JsonObject passwords = result.getJsonObject("passwords");
      JsonObject tokens = result.getJsonObject("tokens");
      assertEquals(40, passwords.getInteger("logged_in"), result.encode());
      assertTrue(passwords.getLong("busy_replies") > 0, "the storm met busy replies: " + result.encode());
      assertEquals(0, passwords.getJsonObject("errors").getLong("unavailable", 0L),
          "hashes are admitted only when they can be answered in time: " + result.encode());
      assertEquals(40, tokens.getInteger("logged_in"), result.encode());
      assertEquals(0, tokens.getLong("busy_replies"), "token logins are not hashed: " + result.encode());
      assertTrue(result.getDouble("ideal_s") > 0, result.encode());
    } finally {
      TestNode.stop(costly);
    }
  }
}
