package io.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ChatConfig;
import io.chat.common.config.ConfigKeys;
import io.chat.testkit.TestCertificate;
import io.chat.testkit.TestPorts;
import io.chat.testkit.TestStores;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The runnable jar, started the way the README says: start-up line, SIGTERM, bad settings. */
@DisplayName("The chat-server jar")
class ChatServerIT {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private static Map<String, String> env(int port) {
    ChatConfig config = stores.config();
    Map<String, String> env = new HashMap<>();
    env.put(ConfigKeys.MYSQL_URI, config.mysqlUri());
    env.put(ConfigKeys.REDIS_PREFIX, config.redisPrefix());
    env.put(ConfigKeys.PASSWORD_ITERATIONS, "1000");
    env.put(ConfigKeys.HOST, "127.0.0.1");
    env.put(ConfigKeys.PORT, String.valueOf(port));
    env.put(ConfigKeys.ADMIN_PORT, "0");
    env.put(ConfigKeys.WS_PORT, "0");
    return env;
  }

  @Test
  @DisplayName("says in its listening line when its client port speaks TLS only, and in its web line https")
  void tlsListeningLine() throws Exception {
    TestCertificate certificate = TestCertificate.selfSigned();
    int port = TestPorts.free();
    Map<String, String> env = env(port);
    env.put(ConfigKeys.NODE, "tls-node");
    env.put(ConfigKeys.TLS_CERT, certificate.cert().toString());
    env.put(ConfigKeys.TLS_KEY, certificate.key().toString());
    try (NodeProcess node = NodeProcess.start(env)) {
      String listening = node.awaitLine("listening on", 60);
      assertTrue(listening.endsWith("chat node tls-node listening on 127.0.0.1:" + port + " (TLS only)"), listening);
      assertTrue(node.awaitLine("web client on", 10).contains("web client on https://"));
    }
  }

  @Test
  @DisplayName("logs one line when it listens, serves clients, and on SIGTERM says bye and exits 0")
  void startAndStop() throws Exception {
    int port = TestPorts.free();
    Map<String, String> env = env(port);
    env.put(ConfigKeys.NODE, "it-node");
    try (NodeProcess node = NodeProcess.start(env)) {
      String listening = node.awaitLine("listening on", 60);
      assertTrue(listening.contains("chat node it-node listening on 127.0.0.1:" + port), listening);
      try (Socket socket = new Socket("127.0.0.1", port)) {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = socket.getOutputStream();
        assertEquals("it-node", new JsonObject(in.readLine()).getString("node"));
        out.write("{\"op\":\"ping\",\"ref\":1}\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, new JsonObject(in.readLine()).getInteger("ref"));
        long started = System.nanoTime();
        node.terminate();
        assertEquals(new JsonObject().put("event", "bye").put("reason", "shutting_down"), new JsonObject(in.readLine()));
        assertEquals(0, node.awaitExit(20));
        assertTrue(System.nanoTime() - started < 20_000_000_000L);
      }
    }
  }

  @Test
  @DisplayName("on SIGTERM answers the requests it already read, then says bye")
  void shutdownAnswersWhatItRead() throws Exception {
    int port = TestPorts.free();
    try (NodeProcess node = NodeProcess.start(env(port))) {
      node.awaitLine("listening on", 60);
      Socket socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(20_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      in.readLine();
      // Registrations hash a password each, so most are still queued when the node is told to stop.
      int requests = 40;
      StringBuilder pipelined = new StringBuilder();
      for (int i = 0; i < requests; i++) {
        pipelined.append(new JsonObject().put("op", "register").put("ref", i)
            .put("name", "sd" + UUID.randomUUID().toString().substring(0, 8)).put("password", "secret1").encode())
            .append('\n');
      }
      socket.getOutputStream().write(pipelined.toString().getBytes(StandardCharsets.UTF_8));
      assertEquals(0, new JsonObject(in.readLine()).getInteger("ref"));
      node.terminate();
      int answered = 1;
      JsonObject line = new JsonObject(in.readLine());
      while (!line.containsKey("event")) {
        assertEquals(answered, line.getInteger("ref"), line.encode());
        assertTrue(line.getBoolean("ok"), line.encode());
        answered++;
        line = new JsonObject(in.readLine());
      }
      assertEquals("shutting_down", line.getString("reason"), line.encode());
      assertEquals(requests, answered);
      assertEquals(0, node.awaitExit(20));
      socket.close();
    }
  }

  @Test
  @DisplayName("after a SIGKILL and a restart under the same node id, the users it had are offline, not stuck online")
  void restartAfterCrash() throws Exception {
    Map<String, String> env = env(TestPorts.free());
    env.put(ConfigKeys.NODE, "crash-node");
    try (Cluster cluster = new Cluster()) {
      NodeProcess crashed = cluster.start(env, "listening on");
      Cluster.Chatter alice = cluster.user(env);
      Cluster.Chatter bob = cluster.user(env);
      Cluster.befriend(alice, bob);
      crashed.kill();
      crashed.awaitExit(20);

      cluster.start(env, "listening on");
      Cluster.Chatter aliceAgain = cluster.session(env, alice);
      JsonObject friend = aliceAgain.login().getJsonArray("friends").getJsonObject(0);
      assertEquals(bob.id(), friend.getInteger("id"));
      assertFalse(friend.getBoolean("online"), aliceAgain.login().encode());
      SqlClient sql = stores.sql(Vertx.vertx());
      long deadline = System.nanoTime() + 5_000_000_000L;
      String state = "";
      while (!"offline".equals(state) && System.nanoTime() < deadline) {
        Thread.sleep(100);
        state = Cluster.await(sql.preparedQuery("SELECT state FROM user WHERE id = ?").execute(Tuple.of(bob.id())))
            .iterator().next().getString(0);
      }
      assertEquals("offline", state, "user.state of the crashed node's user");
    }
  }

  @Test
  @DisplayName("on SIGTERM keeps above the user's cursor every message it could not write, and clears its users' presence")
  void shutdownLosesNothing() throws Exception {
    int port = TestPorts.free();
    Vertx vertx = Vertx.vertx();
    try (Cluster cluster = new Cluster(); NodeProcess node = NodeProcess.start(env(port))) {
      node.awaitLine("listening on", 60);
      Cluster.Chatter alice = cluster.user(env(port));
      SlowClient bob = new SlowClient(port);
      bob.registerAndLogin("sd" + UUID.randomUUID().toString().substring(0, 8));
      assertTrue(Cluster.await(alice.client().request("friend_add", "id", bob.id())).getBoolean("ok"));
      Set<String> accepted = new HashSet<>();
      String text = "z".repeat(4000);
      for (int i = 0; i < 1500; i++) {
        accepted.add(Cluster.await(alice.client().request("send", "to", bob.id(), "text", text)).getString("msg_id"));
      }
      node.terminate();
      assertEquals(0, node.awaitExit(30));
      List<String> received = new ArrayList<>(bob.readToTheEnd());
      int live = received.size();
      SqlClient sql = stores.sql(vertx);
      // What bob's next login would replay: the conversation's messages above his cursor.
      String conv = "d:" + Math.min(alice.id(), bob.id()) + ":" + Math.max(alice.id(), bob.id());
      for (Row row : Cluster.await(sql.preparedQuery("SELECT m.msg_id FROM message m JOIN conv_member c "
          + "ON c.conv = m.conv AND c.userid = ? WHERE m.conv = ? AND m.seq > c.acked_seq")
          .execute(Tuple.of(bob.id(), conv)))) {
        received.add(row.getString(0));
      }
      assertEquals(received.size(), new HashSet<>(received).size(), "a message twice");
      Set<String> missing = new HashSet<>(accepted);
      missing.removeAll(received);
      assertTrue(missing.isEmpty(), missing.size() + " of " + accepted.size() + " messages lost; " + live
          + " read from the socket, " + (received.size() - live) + " stored; closed by the node: " + bob.closedByNode());
      Row state = Cluster.await(sql.preparedQuery("SELECT state FROM user WHERE id = ?")
          .execute(Tuple.of(bob.id()))).iterator().next();
      assertEquals("offline", state.getString(0));
    } finally {
      Cluster.await(vertx.close());
    }
  }

  @Test
  @DisplayName("exits 1 with one line naming MySQL, its address and database, no stack trace, when MySQL cannot be reached")
  void unreachableMysql() throws Exception {
    int down = TestPorts.free();
    Map<String, String> env = env(TestPorts.free());
    env.put(ConfigKeys.NODE, "no-mysql");
    env.put(ConfigKeys.MYSQL_URI, "mysql://root@127.0.0.1:" + down + "/chat");
    assertStartFails(env, "chat node no-mysql cannot start: MySQL at 127.0.0.1:" + down
        + " (database chat) is unreachable: Connection refused");
  }

  @Test
  @DisplayName("exits 1 with one line naming Redis and its address, no stack trace, when Redis cannot be reached")
  void unreachableRedis() throws Exception {
    int down = TestPorts.free();
    Map<String, String> env = env(TestPorts.free());
    env.put(ConfigKeys.NODE, "no-redis");
    env.put(ConfigKeys.REDIS_URI, "redis://127.0.0.1:" + down);
    assertStartFails(env, "chat node no-redis cannot start: Redis at 127.0.0.1:" + down
        + " is unreachable: Connection refused");
  }

  @Test
  @DisplayName("exits 1 with one line naming the setting, no class name or stack trace, when a setting is bad")
  void badSetting() throws Exception {
    Map<String, String> env = env(TestPorts.free());
    env.put(ConfigKeys.PORT, "abc");
    assertStartFails(env, "chat node cannot start: configuration: CHAT_PORT must be an integer, not 'abc'");
  }

  /** The node exits 1, and the line that says why ends with this text and is the only error. */
  private static void assertStartFails(Map<String, String> env, String reason) throws Exception {
    try (NodeProcess node = NodeProcess.start(env)) {
      assertEquals(1, node.awaitExit(60), String.join("\n", node.output()));
      String error = node.awaitLine("cannot start", 1);
      assertTrue(error.endsWith(reason), error);
      List<String> output = node.output();
      assertEquals(1, output.stream().filter(line -> line.contains("ERROR") || line.contains("WARN")).count(),
          String.join("\n", output));
      assertTrue(output.stream().noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception")),
          String.join("\n", output));
    }
  }

  @Test
  @DisplayName("takes settings from a --config file over the environment")
  void configFile() throws Exception {
    int filePort = TestPorts.free();
    Path file = Files.createTempFile("chat-node", ".json");
    Files.writeString(file, new JsonObject().put(ConfigKeys.PORT, filePort).put(ConfigKeys.NODE, "from-file").encode());
    try (NodeProcess node = NodeProcess.start(env(TestPorts.free()), "--config", file.toString())) {
      String listening = node.awaitLine("listening on", 60);
      assertTrue(listening.contains("chat node from-file listening on 127.0.0.1:" + filePort), listening);
      node.terminate();
      assertEquals(0, node.awaitExit(20));
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
