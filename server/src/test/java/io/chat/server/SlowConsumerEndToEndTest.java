package io.chat.server;

import static io.chat.server.Cluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ConfigKeys;
import io.chat.testkit.ClientTransport;
import io.chat.testkit.LineClient;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A client that stops reading, against a small outbound limit: closed, and nothing lost. */
@DisplayName("A node, with a client that stops reading")
class SlowConsumerEndToEndTest {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private static ChatNode node;
  private static Vertx vertx;

  @BeforeAll
  static void startNode() throws Exception {
    vertx = Vertx.vertx();
    node = NodeHarness.start(stores, ConfigKeys.OUTBOUND_LIMIT, 64 * 1024, ConfigKeys.RATE_LIMIT, 0);
  }

  @AfterAll
  static void stopNode() throws Exception {
    NodeHarness.stop(node);
    await(vertx.close());
  }

  @OverEachTransport
  @DisplayName("says bye (slow_consumer), and stores what it could not write for the next login")
  void slowConsumer(ClientTransport transport) throws Exception {
    NodeHarness.User alice = await(NodeHarness.newUser(vertx, node, "sender"));
    SlowClient bob = new SlowClient(transport, NodeHarness.port(node, transport));
    bob.registerAndLogin("slow" + UUID.randomUUID().toString().substring(0, 8));
    assertTrue(await(alice.client().request("friend_add", "id", bob.id())).getBoolean("ok"));
    LineClient pinger = await(LineClient.connect(vertx, node.port()));

    Set<String> accepted = new HashSet<>();
    String text = "y".repeat(4000);
    for (int round = 0; round < 40; round++) {
      List<Future<JsonObject>> replies = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        replies.add(alice.client().request("send", "to", bob.id(), "text", text));
      }
      for (Future<JsonObject> reply : replies) {
        JsonObject sent = await(reply);
        assertTrue(sent.getBoolean("ok"), sent.encode());
        accepted.add(sent.getString("msg_id"));
      }
      assertTrue(await(pinger.request("ping")).getBoolean("ok"));
    }

    List<String> received = new ArrayList<>(bob.readToTheEnd());
    assertTrue(bob.closedByNode(), "the node closed the connection of the client that stopped reading");
    received.addAll(new SlowClient(transport, NodeHarness.port(node, transport)).loginAndReplay(bob.name()));
    assertEquals(received.size(), new HashSet<>(received).size(), "a message came twice");
    assertEquals(accepted, new HashSet<>(received));
  }

  @OverEachTransport
  @DisplayName("stores nothing that the user's other session wrote: it gets every message once, and nothing is replayed again")
  void otherSessionHasThem(ClientTransport transport) throws Exception {
    NodeHarness.User alice = await(NodeHarness.newUser(vertx, node, "sender"));
    String bobName = "slow" + UUID.randomUUID().toString().substring(0, 8);
    SlowClient stalled = new SlowClient(transport, NodeHarness.port(node, transport));
    stalled.registerAndLogin(bobName);
    assertTrue(await(alice.client().request("friend_add", "id", stalled.id())).getBoolean("ok"));
    LineClient reading = await(LineClient.connect(vertx, node.port()));
    assertTrue(await(reading.request("login", "name", bobName, "password", "secret1")).getBoolean("ok"));

    Set<String> accepted = new HashSet<>();
    List<String> received = new ArrayList<>();
    String text = "w".repeat(4000);
    for (int round = 0; round < 20; round++) {
      List<Future<JsonObject>> replies = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        replies.add(alice.client().request("send", "to", stalled.id(), "text", text));
      }
      for (Future<JsonObject> reply : replies) {
        JsonObject sent = await(reply);
        assertTrue(sent.getBoolean("ok"), sent.encode());
        accepted.add(sent.getString("msg_id"));
        received.add(await(reading.nextEvent("message")).getString("msg_id"));
      }
    }
    stalled.readToTheEnd();
    assertTrue(stalled.closedByNode(), "the node closed the connection of the session that stopped reading");
    // Copies of the closed session, had they been stored, would be replayed to this one now.
    Thread.sleep(2000);

    List<JsonObject> more = reading.pendingEvents();
    assertTrue(more.stream().noneMatch(event -> "message".equals(event.getString("event"))),
        "messages came again: " + more.size());
    assertEquals(accepted, new HashSet<>(received));
    assertEquals(accepted.size(), received.size());
  }
}
