package io.chat.server;

import static io.chat.server.Cluster.await;
import static io.chat.server.Cluster.befriend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ConfigKeys;
import io.chat.server.Cluster.Chatter;
import io.chat.testkit.TestStores;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node that only runs the gateway, and another that only runs the services. */
@DisplayName("A cluster split into a gateway node and a services node")
class SplitRolesIT {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private static Cluster cluster;
  private static Map<String, String> gateway;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new Cluster();
    Map<String, String> base = Cluster.baseEnv(stores);
    String members = "127.0.0.4,127.0.0.5";
    Map<String, String> services = Cluster.clustered(base, "it-services", 5, members);
    services.put(ConfigKeys.ROLES, "auth,social,message");
    // The gateway node is given no usable MySQL: it must not need one.
    gateway = new HashMap<>(Cluster.clustered(base, "it-gateway", 4, members));
    gateway.put(ConfigKeys.ROLES, "gateway");
    gateway.put(ConfigKeys.MYSQL_URI, "mysql://nobody@127.0.0.1:1/none");
    cluster.start(services, "running auth,social,message");
    cluster.start(gateway, "listening on");
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  @DisplayName("serves accounts, friends, messages, presence and the offline store through the gateway")
  void works() throws Exception {
    Chatter alice = cluster.user(gateway);
    Chatter bob = cluster.user(gateway);
    befriend(alice, bob);
    JsonObject sent = await(alice.client().request("send", "to", bob.id(), "text", "split"));
    assertEquals(sent.getString("msg_id"), await(bob.client().nextEvent("message")).getString("msg_id"));
    await(bob.client().request("logout"));
    assertFalse(await(alice.client().nextEvent("presence")).getBoolean("online"));
    assertTrue(await(alice.client().request("send", "to", bob.id(), "text", "stored")).getBoolean("ok"));
    Chatter bobAgain = cluster.session(gateway, bob);
    assertEquals(1, bobAgain.login().getInteger("offline"));
    assertEquals("stored", await(bobAgain.client().nextEvent("message")).getString("text"));
  }
}
