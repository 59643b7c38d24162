package io.chat.server;

import static io.chat.server.Cluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ConfigKeys;
import io.chat.testkit.LineClient;
import io.chat.testkit.TestStores;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client loop of the protocol (acknowledge after processing, drop repeats by conv and seq,
 * retry a send with the same cid, reconnect with the token) loses nothing when a node is killed
 * with SIGKILL in the middle of a stream of direct and group messages.
 */
@DisplayName("Zero loss when a node dies")
class ZeroLossIT {

  private static final long SEND_MILLIS = 4_000;

  @RegisterExtension
  static TestStores stores = new TestStores();

  @Test
  @DisplayName("two nodes, senders and acknowledging receivers on both, one node killed: every message answered ok reaches every recipient, seqs and cids name one message each, histories run 1..n")
  void nodeKilled() throws Exception {
    try (Cluster cluster = new Cluster()) {
      Map<String, String> base = Cluster.baseEnv(stores);
      Map<String, String> a = Cluster.clustered(base, "zl-a", 6, "127.0.0.6,127.0.0.7");
      Map<String, String> b = Cluster.clustered(base, "zl-b", 7, "127.0.0.6,127.0.0.7");
      cluster.start(a, "listening on");
      NodeProcess nodeB = cluster.start(b, "listening on");
      Scenario scenario = new Scenario(cluster, List.of(a, b), a);
      scenario.run(() -> nodeB.kill());
    }
  }

  @Test
  @DisplayName("a gateway node and two service nodes, a service node killed while the gateway lives: the same holds")
  void serviceNodeKilled() throws Exception {
    try (Cluster cluster = new Cluster()) {
      Map<String, String> base = Cluster.baseEnv(stores);
      String members = "127.0.0.8,127.0.0.9,127.0.0.10";
      Map<String, String> gateway = Cluster.clustered(base, "zl-gw", 8, members);
      gateway.put(ConfigKeys.ROLES, "gateway");
      Map<String, String> first = Cluster.clustered(base, "zl-s1", 9, members);
      first.put(ConfigKeys.ROLES, "auth,social,message");
      Map<String, String> second = Cluster.clustered(base, "zl-s2", 10, members);
      second.put(ConfigKeys.ROLES, "auth,social,message");
      NodeProcess services = cluster.start(first, "running auth,social,message");
      cluster.start(second, "running auth,social,message");
      cluster.start(gateway, "listening on");
      Scenario scenario = new Scenario(cluster, List.of(gateway, gateway), gateway);
      scenario.run(() -> services.kill());
    }
  }

  /**
   * Two senders and two acknowledging receivers (each pair on the two given nodes), friends
   * across, all four in one group. The senders send direct and group messages one at a time,
   * each with a cid, while the fault happens; clients whose node goes reconnect to the survivor.
   */
  private static final class Scenario {
    private final Cluster cluster;
    private final Map<String, String> survivor;
    private final List<Peer> receivers = new ArrayList<>();
    private final List<Peer> senders = new ArrayList<>();
    private final String group = "zl" + UUID.randomUUID().toString().substring(0, 8);

    Scenario(Cluster cluster, List<Map<String, String>> nodes, Map<String, String> survivor) throws Exception {
      this.cluster = cluster;
      this.survivor = survivor;
      for (Map<String, String> node : nodes) {
        receivers.add(Peer.register(cluster, node, "r"));
        senders.add(Peer.register(cluster, node, "s"));
      }
      for (Peer sender : senders) {
        for (Peer receiver : receivers) {
          sender.request("friend_add", "id", receiver.id);
        }
      }
      senders.get(0).request("group_create", "name", group);
      for (Peer peer : List.of(senders.get(1), receivers.get(0), receivers.get(1))) {
        peer.request("group_join", "group", group);
      }
    }

    void run(Runnable fault) throws Exception {
      receivers.forEach(receiver -> receiver.receive(survivor));
      List<Thread> threads = new ArrayList<>();
      long stopAt = System.currentTimeMillis() + 2 * SEND_MILLIS;
      for (Peer sender : senders) {
        threads.add(daemon(() -> sender.sendUntil(stopAt, receivers, group, survivor)));
      }
      Thread.sleep(SEND_MILLIS);
      long killed = System.currentTimeMillis();
      fault.run();
      for (Thread thread : threads) {
        thread.join(4 * SEND_MILLIS + 30_000);
      }
      long recovered = senders.stream().mapToLong(sender -> sender.firstOkAfter(killed)).max().orElse(killed) - killed;
      // What the senders were told is committed; let the receivers catch up, then check.
      Map<String, Sent> accepted = new HashMap<>();
      senders.forEach(sender -> accepted.putAll(sender.accepted));
      long deadline = System.currentTimeMillis() + 30_000;
      while (System.currentTimeMillis() < deadline && !allReceived(accepted)) {
        Thread.sleep(250);
      }
      receivers.forEach(Peer::stop);
      for (Sent sent : accepted.values()) {
        for (Peer receiver : receivers) {
          if (sent.recipients().contains(receiver.id)) {
            assertTrue(receiver.seen.containsKey(sent.key()), receiver.name + " never got " + sent);
          }
        }
      }
      Map<String, String> byKey = new HashMap<>();
      List<Map<String, String>> observed = new ArrayList<>();
      receivers.forEach(receiver -> observed.add(receiver.seen));
      senders.forEach(sender -> observed.add(sender.replies));
      for (Map<String, String> seen : observed) {
        seen.forEach((key, msgId) -> {
          String earlier = byKey.putIfAbsent(key, msgId);
          assertTrue(earlier == null || earlier.equals(msgId), key + " names " + earlier + " and " + msgId);
        });
      }
      senders.forEach(sender -> assertTrue(sender.cidsNamingTwo.isEmpty(), "cids naming two messages: "
          + sender.cidsNamingTwo));
      Map<String, Peer> readers = new HashMap<>();
      senders.forEach(sender -> sender.accepted.values().forEach(sent -> readers.put(sent.conv(), sender)));
      for (String conv : new TreeSet<>(readers.keySet())) {
        List<Long> seqs = readers.get(conv).history(conv);
        for (int i = 0; i < seqs.size(); i++) {
          assertEquals(i + 1, seqs.get(i), conv + " numbered 1..n without a gap");
        }
      }
      int repeats = receivers.stream().mapToInt(receiver -> receiver.repeats).sum();
      int retries = senders.stream().mapToInt(sender -> sender.retries).sum();
      System.out.printf("zero loss: %d messages accepted, 0 lost, %d repeats dropped by (conv, seq), %d sends "
          + "retried with their cid, senders served again %d ms after the kill%n", accepted.size(), repeats, retries,
          recovered);
    }

    private boolean allReceived(Map<String, Sent> accepted) {
      for (Sent sent : accepted.values()) {
        for (Peer receiver : receivers) {
          if (sent.recipients().contains(receiver.id) && !receiver.seen.containsKey(sent.key())) {
            return false;
          }
        }
      }
      return true;
    }
  }

  private static Thread daemon(Runnable work) {
    Thread thread = new Thread(work, "zero-loss-client");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** A message a sender was told is committed, and who must get it. */
  private record Sent(String conv, long seq, String msgId, Set<Integer> recipients) {
    String key() {
      return conv + "#" + seq;
    }
  }

  /**
   * A user with one connection that follows the protocol's client loop: it logs in with
   * {@code ack: true}, reconnects with its token when its connection drops, and as a receiver
   * acknowledges what it got and drops repeats by (conv, seq).
   */
  private static final class Peer {
    final Cluster cluster;
    final String name;
    final int id;
    volatile String token;
    volatile LineClient client;
    final Map<String, String> seen = new ConcurrentHashMap<>();
    final Map<String, Sent> accepted = new ConcurrentHashMap<>();
    /** What each answered send was told: (conv, seq) to msg_id. */
    final Map<String, String> replies = new ConcurrentHashMap<>();
    final Map<String, String> byCid = new ConcurrentHashMap<>();
    final List<String> cidsNamingTwo = new CopyOnWriteArrayList<>();
    final List<Long> oks = new ArrayList<>();
    volatile int repeats;
    volatile int retries;
    volatile boolean stopped;

    private Peer(Cluster cluster, String name, int id, LineClient client, String token) {
      this.cluster = cluster;
      this.name = name;
      this.id = id;
      this.client = client;
      this.token = token;
    }

    static Peer register(Cluster cluster, Map<String, String> node, String prefix) throws Exception {
      String name = prefix + UUID.randomUUID().toString().substring(0, 8);
      LineClient client = cluster.connect(node);
      JsonObject registered = await(client.request("register", "name", name, "password", "secret1"));
      JsonObject login = await(client.request("login", "name", name, "password", "secret1", "ack", true));
      assertTrue(login.getBoolean("ok"), login.encode());
      return new Peer(cluster, name, registered.getJsonObject("user").getInteger("id"), client, login.getString("token"));
    }

    JsonObject request(String op, Object... fields) throws Exception {
      JsonObject reply = await(client.request(op, fields));
      assertTrue(reply.getBoolean("ok"), op + ": " + reply.encode());
      return reply;
    }

    /** Logs in again on the surviving node with the token, until it works. */
    void reconnect(Map<String, String> survivor) {
      while (!stopped) {
        try {
          LineClient again = cluster.connect(survivor);
          JsonObject login = await(again.request("login", "token", token, "ack", true));
          if (login.getBoolean("ok")) {
            client = again;
            return;
          }
          again.close();
        } catch (Exception notYet) {
          // the cluster is still noticing the loss
        }
        sleep(200);
      }
    }

    /** Takes every message event, acknowledges, and reconnects when the connection drops. */
    void receive(Map<String, String> survivor) {
      daemon(() -> {
        Map<String, Long> acked = new HashMap<>();
        while (!stopped) {
          LineClient current = client;
          // What was taken before the connection dropped is processed, then the client reconnects.
          for (JsonObject event : current.takeEvents("message")) {
            String key = event.getString("conv") + "#" + event.getLong("seq");
            if (seen.putIfAbsent(key, event.getString("msg_id")) != null) {
              repeats++;
            }
            String conv = event.getString("conv");
            if (event.getLong("seq") > acked.getOrDefault(conv, 0L)) {
              acked.put(conv, event.getLong("seq"));
              current.send(new JsonObject().put("op", "ack").put("conv", conv).put("seq", event.getLong("seq")));
            }
          }
          if (current.isClosed()) {
            reconnect(survivor);
          } else {
            sleep(50);
          }
        }
      });
    }

    /** Sends one message at a time with a cid, retrying each until it is answered ok. */
    void sendUntil(long stopAt, List<Peer> receivers, String group, Map<String, String> survivor) {
      for (int i = 0; System.currentTimeMillis() < stopAt; i++) {
        boolean toGroup = i % 3 == 2;
        Peer receiver = receivers.get(i % receivers.size());
        JsonObject request = new JsonObject().put("op", toGroup ? "group_send" : "send").put("text", name + " " + i)
            .put("cid", name + "-" + i);
        if (toGroup) {
          request.put("group", group);
        } else {
          request.put("to", receiver.id);
        }
        for (int attempt = 0; ; attempt++) {
          if (attempt > 0) {
            retries++;
          }
          JsonObject reply = null;
          try {
            reply = client.request(request).toCompletionStage().toCompletableFuture()
                .get(6, TimeUnit.SECONDS);
          } catch (Exception lost) {
            // no answer: the node died, or the message service did
          }
          if (reply != null && reply.getBoolean("ok")) {
            Sent sent = new Sent(reply.getString("conv"), reply.getLong("seq"), reply.getString("msg_id"),
                toGroup ? Set.of(receivers.get(0).id, receivers.get(1).id) : Set.of(receiver.id));
            String first = byCid.putIfAbsent(request.getString("cid"), reply.getString("msg_id"));
            if (first != null && !first.equals(reply.getString("msg_id"))) {
              // Checked by the test's thread: an assertion here would only end this one.
              cidsNamingTwo.add(request.getString("cid"));
            }
            replies.put(sent.key(), sent.msgId());
            accepted.put(sent.key(), sent);
            synchronized (oks) {
              oks.add(System.currentTimeMillis());
            }
            break;
          }
          if (client.isClosed()) {
            reconnect(survivor);
          } else {
            sleep(100);
          }
        }
      }
    }

    long firstOkAfter(long millis) {
      synchronized (oks) {
        return oks.stream().filter(at -> at >= millis).findFirst().orElse(millis);
      }
    }

    List<Long> history(String conv) throws Exception {
      List<Long> seqs = new ArrayList<>();
      boolean more = true;
      while (more) {
        JsonObject page = request("history", "conv", conv, "after", (long) seqs.size(), "limit", 200);
        page.getJsonArray("messages").forEach(message -> seqs.add(((JsonObject) message).getLong("seq")));
        more = page.getBoolean("more");
      }
      return seqs;
    }

    void stop() {
      stopped = true;
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
