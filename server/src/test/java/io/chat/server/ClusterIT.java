package io.chat.server;

import static io.chat.server.Cluster.await;
import static io.chat.server.Cluster.befriend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.server.Cluster.Chatter;
import io.chat.testkit.LineClient;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two clustered nodes, each its own JVM on its own loopback address, as one chat service. */
@DisplayName("A two-node Hazelcast cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private static final String MEMBERS = "127.0.0.2,127.0.0.3";
  private static Cluster cluster;
  private static Map<String, String> envA;
  private static Map<String, String> envB;
  private static NodeProcess nodeA;
  private static NodeProcess nodeB;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new Cluster();
    Map<String, String> base = Cluster.baseEnv(stores);
    envA = Cluster.clustered(base, "it-a", 2, MEMBERS);
    envB = Cluster.clustered(base, "it-b", 3, MEMBERS);
    nodeA = cluster.start(envA, "listening on");
    nodeB = cluster.start(envB, "listening on");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  @Order(1)
  @DisplayName("carries friendships, messages and presence between users on different nodes")
  void crossNodeChat() throws Exception {
    Chatter alice = cluster.user(envA);
    Chatter bob = cluster.user(envB);
    befriend(alice, bob);
    JsonObject sent = await(alice.client().request("send", "to", bob.id(), "text", "from A"));
    JsonObject received = await(bob.client().nextEvent("message"));
    assertEquals(sent.getString("msg_id"), received.getString("msg_id"));
    assertEquals("from A", received.getString("text"));
    await(bob.client().request("send", "to", alice.name(), "text", "from B"));
    assertEquals("from B", await(alice.client().nextEvent("message")).getString("text"));

    await(bob.client().request("logout"));
    JsonObject offline = await(alice.client().nextEvent("presence"));
    assertFalse(offline.getBoolean("online"));
    Chatter bobAgain = cluster.session(envB, bob);
    assertTrue(await(alice.client().nextEvent("presence")).getBoolean("online"));
    assertTrue(bobAgain.login().getJsonArray("friends").getJsonObject(0).getBoolean("online"));
  }

  @Test
  @Order(2)
  @DisplayName("gets events and messages to a user who logged in on the other node a moment ago")
  void justLoggedInElsewhere() throws Exception {
    for (int round = 0; round < 10; round++) {
      Chatter alice = cluster.user(envA);
      Chatter bob = cluster.user(envB);
      befriend(alice, bob);
      await(alice.client().request("send", "to", bob.id(), "text", "round " + round));
      assertEquals("round " + round, await(bob.client().nextEvent("message")).getString("text"));
    }
  }

  @Test
  @Order(2)
  @DisplayName("delivers to every session of a user, on both nodes")
  void multiSessionAcrossNodes() throws Exception {
    Chatter alice = cluster.user(envA);
    Chatter bob = cluster.user(envB);
    befriend(alice, bob);
    Chatter bobOnA = cluster.session(envA, bob);
    await(alice.client().request("send", "to", bob.id(), "text", "to both"));
    assertEquals("to both", await(bob.client().nextEvent("message")).getString("text"));
    assertEquals("to both", await(bobOnA.client().nextEvent("message")).getString("text"));
  }

  @Test
  @Order(3)
  @DisplayName("runs groups across nodes: join events, fan-out, members' online flags")
  void groupsAcrossNodes() throws Exception {
    String group = "g" + UUID.randomUUID().toString().substring(0, 8);
    Chatter alice = cluster.user(envA);
    Chatter bob = cluster.user(envB);
    Chatter carol = cluster.user(envB);
    assertTrue(await(alice.client().request("group_create", "name", group)).getBoolean("ok"));
    await(bob.client().request("group_join", "group", group));
    assertEquals(bob.name(), await(alice.client().nextEvent("group_member_joined")).getJsonObject("user").getString("name"));
    await(carol.client().request("group_join", "group", group));
    JsonObject members = await(bob.client().request("group_members", "group", group));
    assertTrue(members.getJsonArray("members").stream().allMatch(m -> ((JsonObject) m).getBoolean("online")));
    await(bob.client().request("group_send", "group", group, "text", "hello group"));
    assertEquals("hello group", await(alice.client().nextEvent("message")).getString("text"));
    assertEquals("hello group", await(carol.client().nextEvent("message")).getString("text"));
  }

  @Test
  @Order(4)
  @DisplayName("keeps the order of 300 pipelined messages from one node to the other")
  void orderAcrossNodes() throws Exception {
    Chatter alice = cluster.user(envA);
    Chatter bob = cluster.user(envB);
    befriend(alice, bob);
    StringBuilder burst = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      burst.append(new JsonObject().put("op", "send").put("to", bob.id()).put("text", "n" + i).encode()).append('\n');
    }
    await(alice.client().sendRaw(burst.toString()));
    for (int i = 0; i < 300; i++) {
      assertEquals("n" + i, await(bob.client().nextEvent("message")).getString("text"));
    }
  }

  @Test
  @Order(5)
  @DisplayName("replays on one node what was stored for a user last seen on the other")
  void offlineAcrossNodes() throws Exception {
    Chatter alice = cluster.user(envA);
    Chatter bob = cluster.user(envB);
    befriend(alice, bob);
    await(bob.client().close());
    await(alice.client().nextEvent("presence"));
    await(alice.client().request("send", "to", bob.id(), "text", "while away"));
    Chatter bobOnA = cluster.session(envA, bob);
    assertEquals(1, bobOnA.login().getInteger("offline"));
    JsonObject replayed = await(bobOnA.client().nextEvent("message"));
    assertEquals("while away", replayed.getString("text"));
    assertTrue(replayed.getBoolean("offline"));
  }

  @Test
  @Order(6)
  @DisplayName("counts failed logins of a name on every node, and gives a raced name to one register")
  void sharedLimitsAndNames() throws Exception {
    String name = "u" + UUID.randomUUID().toString().substring(0, 8);
    LineClient onA = cluster.connect(envA);
    LineClient onB = cluster.connect(envB);
    Future<JsonObject> first = onA.request("register", "name", name, "password", "secret1");
    Future<JsonObject> second = onB.request("register", "name", name, "password", "secret1");
    List<String> outcomes = new ArrayList<>();
    for (JsonObject reply : List.of(await(first), await(second))) {
      outcomes.add(reply.getBoolean("ok") ? "ok" : reply.getString("error"));
    }
    assertEquals(1, outcomes.stream().filter("ok"::equals).count(), outcomes.toString());
    assertTrue(outcomes.contains("name_taken"), outcomes.toString());
    for (int i = 0; i < 5; i++) {
      LineClient client = i % 2 == 0 ? onA : onB;
      assertEquals("bad_credentials", await(client.request("login", "name", name, "password", "wrong-pass")).getString("error"));
    }
    assertEquals("rate_limited", await(onA.request("login", "name", name, "password", "secret1")).getString("error"));
    assertEquals("rate_limited", await(onB.request("login", "name", name, "password", "secret1")).getString("error"));
  }

  @Test
  @Order(6)
  @DisplayName("numbers a group's messages 1..n without a gap while members on both nodes send at once, and every member gets them in seq order, once each")
  void racingSendersAcrossNodes() throws Exception {
    String group = "g" + UUID.randomUUID().toString().substring(0, 8);
    List<Chatter> members = List.of(cluster.user(envA), cluster.user(envB), cluster.user(envA), cluster.user(envB));
    assertTrue(await(members.get(0).client().request("group_create", "name", group)).getBoolean("ok"));
    for (Chatter member : members.subList(1, members.size())) {
      assertTrue(await(member.client().request("group_join", "group", group)).getBoolean("ok"));
    }
    int perSender = 60;
    // Every member pipelines its sends: the two nodes' message services number the group at once.
    for (Chatter member : members) {
      StringBuilder burst = new StringBuilder();
      for (int i = 0; i < perSender; i++) {
        burst.append(new JsonObject().put("op", "group_send").put("group", group).put("text", member.name() + " " + i)
            .encode()).append('\n');
      }
      await(member.client().sendRaw(burst.toString()));
    }
    int total = perSender * members.size();
    List<Long> answered = new ArrayList<>();
    for (Chatter member : members) {
      for (int i = 0; i < perSender; i++) {
        JsonObject reply = await(member.client().nextReply());
        assertTrue(reply.getBoolean("ok"), reply.encode());
        answered.add(reply.getLong("seq"));
      }
    }
    assertEquals(total, answered.stream().distinct().count(), "a seq given twice");
    assertEquals(total, answered.stream().mapToLong(Long::longValue).max().orElse(0), "a seq skipped");
    for (Chatter member : members) {
      // A member gets everyone's messages but its own: in seq order, no repeat.
      long previous = 0;
      for (int i = 0; i < total - perSender; i++) {
        JsonObject event = await(member.client().nextEvent("message"));
        assertTrue(event.getLong("seq") > previous, member.name() + ": seq " + event.getLong("seq") + " after " + previous);
        previous = event.getLong("seq");
      }
    }
    JsonObject history = await(members.get(1).client().request("history", "group", group, "limit", 200));
    JsonObject older = await(members.get(1).client().request("history", "group", group, "before", total - 199));
    List<Long> seqs = new ArrayList<>();
    for (JsonObject page : List.of(older, history)) {
      page.getJsonArray("messages").forEach(message -> seqs.add(((JsonObject) message).getLong("seq")));
    }
    for (int i = 0; i < total; i++) {
      assertEquals(i + 1, seqs.get(i), "history numbered 1.." + total);
    }
  }

  @Test
  @Order(6)
  @DisplayName("answers a send repeating a cid on the other node as the first one, and delivers it once")
  void cidAcrossNodes() throws Exception {
    Chatter alice = cluster.user(envA);
    Chatter bob = cluster.user(envB);
    befriend(alice, bob);
    JsonObject first = await(alice.client().request("send", "to", bob.id(), "text", "once", "cid", "k1"));
    Chatter aliceOnB = cluster.session(envB, alice);
    JsonObject again = await(aliceOnB.client().request("send", "to", bob.id(), "text", "once", "cid", "k1"));
    assertTrue(again.getBoolean("duplicate"), again.encode());
    assertEquals(first.getString("msg_id"), again.getString("msg_id"));
    assertEquals(first.getLong("seq"), again.getLong("seq"));
    await(alice.client().request("send", "to", bob.id(), "text", "then this"));
    assertEquals("once", await(bob.client().nextEvent("message")).getString("text"));
    assertEquals("then this", await(bob.client().nextEvent("message")).getString("text"));
  }

  @Test
  @Order(6)
  @DisplayName("gives a user who logs in on one node while a friend on the other sends all the while every message once, in seq order")
  void loginDuringStreamAcrossNodes() throws Exception {
    Chatter alice = cluster.user(envA);
    Chatter bob = cluster.user(envB);
    befriend(alice, bob);
    await(bob.client().close());
    await(alice.client().nextEvent("presence"));
    int total = 400;
    StringBuilder burst = new StringBuilder();
    for (int i = 0; i < total; i++) {
      burst.append(new JsonObject().put("op", "send").put("to", bob.id()).put("text", "s" + i).encode()).append('\n');
    }
    // Alice's node sends while bob logs in on the other: some messages are stored first, the
    // rest meet the replay live.
    await(alice.client().sendRaw(burst.toString()));
    Chatter bobOnB = cluster.session(envB, bob);
    long expected = 0;
    for (int i = 0; i < total; i++) {
      JsonObject event = await(bobOnB.client().nextEvent("message"));
      if (expected == 0) {
        expected = event.getLong("seq");
      }
      assertEquals(expected++, event.getLong("seq"), "in seq order, each once");
      assertEquals("s" + i, event.getString("text"));
    }
  }

  @Test
  @Order(7)
  @DisplayName("takes a killed node's users offline within 10 s, stores messages sent to them, and the survivor logs the loss in single lines")
  void nodeLoss() throws Exception {
    Chatter dave = cluster.user(envA);
    Chatter carol = cluster.user(envB);
    befriend(dave, carol);
    long killed = System.nanoTime();
    nodeB.kill();
    JsonObject presence = await(dave.client().nextEvent(event -> "presence".equals(event.getString("event"))
        && event.getJsonObject("user").getInteger("id") == carol.id()));
    long seconds = (System.nanoTime() - killed) / 1_000_000_000L;
    assertFalse(presence.getBoolean("online"));
    assertTrue(seconds < 10, "offline after " + seconds + " s");
    JsonObject friends = await(dave.client().request("friends"));
    assertFalse(friends.getJsonArray("friends").getJsonObject(0).getBoolean("online"));
    assertTrue(await(dave.client().request("send", "to", carol.id(), "text", "are you there")).getBoolean("ok"));
    Chatter carolOnA = cluster.session(envA, carol);
    assertEquals(1, carolOnA.login().getInteger("offline"));
    assertEquals("are you there", await(carolOnA.client().nextEvent("message")).getString("text"));
    nodeA.awaitLine("cluster: node it-b left", 10);
    assertTrue(nodeA.output().stream().noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by")),
        String.join("\n", nodeA.output()));
  }
}
