package io.chat.server;

import static io.chat.server.Cluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.config.ConfigKeys;
import io.chat.server.NodeHarness.User;
import io.chat.testkit.FaultProxy;
import io.chat.testkit.LineClient;
import io.chat.testkit.TestStores;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MySQL and Redis going away (connections cut, or answers stopping) behind a fault-injecting
 * proxy: requests that need the store get unavailable within 5 s, the others keep working, and
 * the node serves normally again by itself within 20 s of the store's return.
 */
@DisplayName("A node, when a store goes away")
class OutageEndToEndTest {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private static Vertx vertx;
  private static FaultProxy mysql;
  private static FaultProxy redis;
  private static ChatNode node;

  @BeforeAll
  static void startNode() throws Exception {
    vertx = Vertx.vertx();
    mysql = await(FaultProxy.start(vertx, "127.0.0.1", 3306));
    redis = await(FaultProxy.start(vertx, "127.0.0.1", 6379));
    String database = stores.config().mysqlUri().substring(stores.config().mysqlUri().lastIndexOf('/') + 1);
    node = NodeHarness.start(stores,
        ConfigKeys.MYSQL_URI, "mysql://root@127.0.0.1:" + mysql.port() + "/" + database,
        ConfigKeys.REDIS_URI, "redis://127.0.0.1:" + redis.port());
  }

  @AfterAll
  static void stopNode() throws Exception {
    NodeHarness.stop(node);
    await(vertx.close());
  }

  @Test
  @DisplayName("MySQL cut: accounts and messages answer unavailable fast, nothing refused arrives, all is back after")
  void mysqlCut() throws Exception {
    outage("MySQL cut", mysql, FaultProxy::cut, this::register, true);
  }

  @Test
  @DisplayName("MySQL silent: accounts and messages answer unavailable within 5 s, nothing refused arrives, all is back after")
  void mysqlHang() throws Exception {
    outage("MySQL silent", mysql, FaultProxy::hang, this::register, true);
  }

  @Test
  @DisplayName("Redis cut: logins answer unavailable fast, online friends keep chatting, all is back after")
  void redisCut() throws Exception {
    outage("Redis cut", redis, FaultProxy::cut, this::login, false);
  }

  @Test
  @DisplayName("Redis silent: logins answer unavailable within 5 s, online friends keep chatting, all is back after")
  void redisHang() throws Exception {
    outage("Redis silent", redis, FaultProxy::hang, this::login, false);
  }

  @Test
  @DisplayName("MySQL cut: a group message that cannot be stored for an offline member answers unavailable and reaches no one")
  void groupMessageNotStored() throws Exception {
    User alice = await(NodeHarness.newUser(vertx, node, "a"));
    User bob = await(NodeHarness.newUser(vertx, node, "b"));
    User carol = await(NodeHarness.newUser(vertx, node, "c"));
    String group = NodeHarness.unique("g");
    assertTrue(await(alice.client().request("group_create", "name", group)).getBoolean("ok"));
    assertTrue(await(bob.client().request("group_join", "group", group)).getBoolean("ok"));
    assertTrue(await(carol.client().request("group_join", "group", group)).getBoolean("ok"));
    assertTrue(await(carol.client().request("logout")).getBoolean("ok"));
    assertTrue(await(alice.client().request("group_send", "group", group, "text", "before")).getBoolean("ok"));
    assertEquals("before", await(bob.client().nextEvent("message")).getString("text"));

    mysql.cut();
    try {
      JsonObject refused = await(alice.client().request("group_send", "group", group, "text", "during"));
      assertEquals("unavailable", refused.getString("error"), refused.encode());
    } finally {
      mysql.restore();
    }
    long restored = System.nanoTime();
    JsonObject after = await(alice.client().request("group_send", "group", group, "text", "after"));
    while (!after.getBoolean("ok")) {
      assertTrue(System.nanoTime() - restored < 20_000_000_000L, "not back within 20 s: " + after);
      Thread.sleep(250);
      after = await(alice.client().request("group_send", "group", group, "text", "after"));
    }
    assertEquals("after", await(bob.client().nextEvent("message")).getString("text"),
        "bob got the message the node answered unavailable for");
  }

  @Test
  @DisplayName("Redis cut while a user disconnects: once Redis is back the user goes offline, not stuck online")
  void closeRetried() throws Exception {
    User erin = await(NodeHarness.newUser(vertx, node, "e"));
    User frank = await(NodeHarness.newUser(vertx, node, "f"));
    await(NodeHarness.befriend(erin, frank));
    redis.cut();
    try {
      await(frank.client().close());
      // The session's close meets the cut Redis first.
      Thread.sleep(500);
    } finally {
      redis.restore();
    }
    JsonObject offline = await(erin.client().nextEvent(event -> "presence".equals(event.getString("event"))
        && event.getJsonObject("user").getInteger("id") == frank.id()));
    assertEquals(false, offline.getBoolean("online"), offline.encode());
  }

  /** A request that needs the store; its reply. */
  private interface StoreRequest {
    JsonObject send(LineClient client) throws Exception;
  }

  private JsonObject register(LineClient client) throws Exception {
    return await(client.request("register", "name", "o" + UUID.randomUUID().toString().substring(0, 8),
        "password", "secret1"));
  }

  private JsonObject login(LineClient client) throws Exception {
    JsonObject reply = await(client.request("login", "name", loginName, "password", NodeHarness.password(loginName)));
    if (reply.getBoolean("ok")) {
      await(client.request("logout"));
    }
    return reply;
  }

  private String loginName;

  /**
   * @param logsMessages whether messages need the store (MySQL keeps the log: a message it cannot
   *     take is refused and reaches no one; online friends chat on without Redis)
   */
  private void outage(String what, FaultProxy store, Consumer<FaultProxy> fault, StoreRequest needsStore,
      boolean logsMessages) throws Exception {
    User alice = await(NodeHarness.newUser(vertx, node, "a"));
    User bob = await(NodeHarness.newUser(vertx, node, "b"));
    loginName = bob.name();
    await(NodeHarness.befriend(alice, bob));
    await(alice.client().request("send", "to", bob.id(), "text", "warm"));
    await(bob.client().nextEvent("message"));
    LineClient other = await(LineClient.connect(vertx, node.port()));

    fault.accept(store);
    try {
      long started = System.nanoTime();
      JsonObject refused = needsStore.send(other);
      long refusedMillis = (System.nanoTime() - started) / 1_000_000;
      assertEquals("unavailable", refused.getString("error"), refused.encode());
      assertTrue(refusedMillis <= 5000, what + ": unavailable after " + refusedMillis + " ms");

      assertTrue(await(other.request("ping")).getBoolean("ok"));
      long sending = System.nanoTime();
      JsonObject sent = await(alice.client().request("send", "to", bob.id(), "text", "during the outage"));
      if (logsMessages) {
        assertEquals("unavailable", sent.getString("error"), sent.encode());
        assertTrue(System.nanoTime() - sending <= 5_000_000_000L, what + ": a send answered after 5 s");
      } else {
        assertTrue(sent.getBoolean("ok"), sent.encode());
        assertEquals("during the outage", await(bob.client().nextEvent("message")).getString("text"));
      }

      store.restore();
      long restored = System.nanoTime();
      JsonObject reply = needsStore.send(other);
      while (!reply.getBoolean("ok")) {
        assertTrue(System.nanoTime() - restored < 20_000_000_000L, what + ": not back within 20 s: " + reply);
        Thread.sleep(250);
        reply = needsStore.send(other);
      }
      long recoveredMillis = (System.nanoTime() - restored) / 1_000_000;
      if (logsMessages) {
        JsonObject after = await(alice.client().request("send", "to", bob.id(), "text", "after the outage"));
        while (!after.getBoolean("ok")) {
          assertTrue(System.nanoTime() - restored < 20_000_000_000L, what + ": sends not back within 20 s: " + after);
          Thread.sleep(250);
          after = await(alice.client().request("send", "to", bob.id(), "text", "after the outage"));
        }
        assertEquals("after the outage", await(bob.client().nextEvent("message")).getString("text"),
            what + ": bob got a message the node answered unavailable for");
      }
      System.out.printf("%s: unavailable after %d ms; served again %d ms after the store returned%n",
          what, refusedMillis, recoveredMillis);
    } finally {
      store.restore();
    }
  }
}
