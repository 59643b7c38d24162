package io.chat.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ChatConfig;
import io.chat.common.config.ConfigKeys;
import io.chat.testkit.LineClient;
import io.chat.testkit.TestPorts;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Nodes as separate JVM processes on distinct loopback addresses, for the multi-node tests, and
 * the users those tests log in on them.
 */
final class Cluster implements AutoCloseable {

  private final List<NodeProcess> processes = new ArrayList<>();
  private final Vertx vertx = Vertx.vertx();

  /** Settings shared by every node of one test: this run's stores, a cheap password hash. */
  static Map<String, String> baseEnv(TestStores stores) {
    ChatConfig config = stores.config();
    Map<String, String> env = new HashMap<>();
    env.put(ConfigKeys.MYSQL_URI, config.mysqlUri());
    env.put(ConfigKeys.REDIS_PREFIX, config.redisPrefix());
    env.put(ConfigKeys.PASSWORD_ITERATIONS, "1000");
    env.put(ConfigKeys.ADMIN_PORT, "0");
    // Any free port: the nodes of a test may share an address, and 6080 may be taken.
    env.put(ConfigKeys.WS_PORT, "0");
    return env;
  }

  /** Settings of a clustered node on 127.0.0.<octet>, joining the given members. */
  static Map<String, String> clustered(Map<String, String> base, String node, int octet, String members) {
    Map<String, String> env = new HashMap<>(base);
    env.put(ConfigKeys.NODE, node);
    env.put(ConfigKeys.HOST, "127.0.0." + octet);
    env.put(ConfigKeys.PORT, String.valueOf(TestPorts.free()));
    env.put(ConfigKeys.CLUSTER, "true");
    env.put(ConfigKeys.CLUSTER_HOST, "127.0.0." + octet);
    env.put(ConfigKeys.CLUSTER_MEMBERS, members);
    return env;
  }

  /** Starts a node process; with waitFor, blocks until it logs that line. */
  NodeProcess start(Map<String, String> env, String waitFor) throws Exception {
    NodeProcess process = NodeProcess.start(env);
    processes.add(process);
    process.awaitLine(waitFor, 90);
    return process;
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** A connection to the client port of a node started with these settings. */
  LineClient connect(Map<String, String> node) throws Exception {
    return connect(node.get(ConfigKeys.HOST), Integer.parseInt(node.get(ConfigKeys.PORT)));
  }

  LineClient connect(String host, int port) throws Exception {
    return await(LineClient.connect(vertx, host, port));
  }

  /** A new user, registered and logged in on the given node. */
  Chatter user(Map<String, String> node) throws Exception {
    String name = "u" + UUID.randomUUID().toString().substring(0, 8);
    LineClient client = connect(node);
    JsonObject registered = await(client.request("register", "name", name, "password", "secret1"));
    JsonObject login = await(client.request("login", "name", name, "password", "secret1"));
    return new Chatter(registered.getJsonObject("user").getInteger("id"), name, client, login);
  }

  /** Another session of a user, on the given node. */
  Chatter session(Map<String, String> node, Chatter user) throws Exception {
    LineClient client = connect(node);
    JsonObject login = await(client.request("login", "name", user.name(), "password", "secret1"));
    assertTrue(login.getBoolean("ok"), login.encode());
    return new Chatter(user.id(), user.name(), client, login);
  }

  static void befriend(Chatter a, Chatter b) throws Exception {
    assertTrue(await(a.client().request("friend_add", "id", b.id())).getBoolean("ok"));
    await(b.client().nextEvent("friend_added"));
  }

  @Override
  public void close() {
    processes.forEach(NodeProcess::close);
    vertx.close();
  }

  /** A logged-in user of a multi-node test. */
  record Chatter(int id, String name, LineClient client, JsonObject login) {
  }
}
