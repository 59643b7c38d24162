package io.chat.server;

import static io.chat.server.Cluster.await;
import static io.chat.server.Cluster.befriend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ConfigKeys;
import io.chat.server.Cluster.Chatter;
import io.chat.testkit.TestPorts;
import io.chat.testkit.TestStores;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The seed's topology: independent nodes that share MySQL and Redis and route over Redis pub/sub. */
@DisplayName("Two independent nodes routing over Redis pub/sub")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisRouteIT {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private static Cluster cluster;
  private static Map<String, String> nodeA;
  private static Map<String, String> nodeB;
  private static NodeProcess processB;

  @BeforeAll
  static void startNodes() throws Exception {
    cluster = new Cluster();
    nodeA = node("it-redis-a", 6);
    nodeB = node("it-redis-b", 7);
    cluster.start(nodeA, "listening on");
    processB = cluster.start(nodeB, "listening on");
  }

  private static Map<String, String> node(String id, int octet) {
    Map<String, String> env = new HashMap<>(Cluster.baseEnv(stores));
    env.put(ConfigKeys.NODE, id);
    env.put(ConfigKeys.HOST, "127.0.0." + octet);
    env.put(ConfigKeys.PORT, String.valueOf(TestPorts.free()));
    env.put(ConfigKeys.ROUTE, "redis");
    env.put(ConfigKeys.PRESENCE_TTL, "3");
    return env;
  }

  @AfterAll
  static void stopNodes() {
    cluster.close();
  }

  @Test
  @Order(1)
  @DisplayName("carries messages, friend events and presence between the nodes")
  void crossNode() throws Exception {
    Chatter alice = cluster.user(nodeA);
    Chatter bob = cluster.user(nodeB);
    befriend(alice, bob);
    await(alice.client().request("send", "to", bob.id(), "text", "over redis"));
    assertEquals("over redis", await(bob.client().nextEvent("message")).getString("text"));
    await(bob.client().request("send", "to", alice.id(), "text", "and back"));
    assertEquals("and back", await(alice.client().nextEvent("message")).getString("text"));
    await(bob.client().request("logout"));
    assertFalse(await(alice.client().nextEvent("presence")).getBoolean("online"));
  }

  @Test
  @Order(2)
  @DisplayName("subscribes again when Redis drops the subscriptions, and keeps routing")
  void resubscribes() throws Exception {
    Process kill = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "CLIENT", "KILL", "TYPE", "pubsub").start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
    Thread.sleep(1500);
    Chatter alice = cluster.user(nodeA);
    Chatter bob = cluster.user(nodeB);
    befriend(alice, bob);
    await(alice.client().request("send", "to", bob.id(), "text", "after the drop"));
    assertEquals("after the drop", await(bob.client().nextEvent("message")).getString("text"));
  }

  @Test
  @Order(3)
  @DisplayName("expires a killed node's users by its heartbeat, and stores messages for them")
  void nodeLoss() throws Exception {
    Chatter alice = cluster.user(nodeA);
    Chatter bob = cluster.user(nodeB);
    befriend(alice, bob);
    processB.kill();
    JsonObject presence = await(alice.client().nextEvent(event -> "presence".equals(event.getString("event"))
        && event.getJsonObject("user").getInteger("id") == bob.id()));
    assertFalse(presence.getBoolean("online"));
    assertTrue(await(alice.client().request("send", "to", bob.id(), "text", "stored")).getBoolean("ok"));
    Chatter bobOnA = cluster.session(nodeA, bob);
    assertEquals(1, bobOnA.login().getInteger("offline"));
  }
}
