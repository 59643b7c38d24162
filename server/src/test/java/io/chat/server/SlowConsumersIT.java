package io.chat.server;

import static io.chat.server.Cluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ConfigKeys;
import io.chat.server.Cluster.Chatter;
import io.chat.testkit.LineClient;
import io.chat.testkit.TestPorts;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that stop reading: 20 of them, while a friend sends each 1,500 messages of 4,000
 * characters. The node must stay responsive, keep its memory bounded, and lose nothing: each
 * client, reading its socket to the end and logging in again, gets every accepted message once.
 */
@DisplayName("A node with 20 clients that stop reading")
class SlowConsumersIT {

  private static final int CLIENTS = 20;
  private static final int MESSAGES = 1500;
  private static final String TEXT = "x".repeat(4000);

  @RegisterExtension
  static TestStores stores = new TestStores();

  @Test
  @DisplayName("stays responsive and bounded, and delivers every accepted message exactly once")
  void slowConsumers() throws Exception {
    Map<String, String> env = Cluster.baseEnv(stores);
    env.put(ConfigKeys.HOST, "127.0.0.1");
    env.put(ConfigKeys.PORT, String.valueOf(TestPorts.free()));
    env.put(ConfigKeys.RATE_LIMIT, "0");
    try (Cluster cluster = new Cluster()) {
      NodeProcess node = cluster.start(env, "listening on");
      int port = Integer.parseInt(env.get(ConfigKeys.PORT));
      long rssBefore = node.rssKib();
      Chatter alice = cluster.user(env);
      List<SlowClient> slow = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        SlowClient client = new SlowClient(port);
        client.registerAndLogin("slow" + UUID.randomUUID().toString().substring(0, 8));
        assertTrue(await(alice.client().request("friend_add", "id", client.id())).getBoolean("ok"));
        slow.add(client);
      }
      LineClient pinger = cluster.connect(env);
      AtomicLong worstPingMillis = new AtomicLong();
      AtomicLong worstRssKib = new AtomicLong(rssBefore);
      Thread watcher = watch(node, pinger, worstPingMillis, worstRssKib);

      List<Set<String>> accepted = new ArrayList<>();
      for (SlowClient client : slow) {
        accepted.add(new HashSet<>());
      }
      for (int round = 0; round < MESSAGES; round += 50) {
        List<Future<JsonObject>> replies = new ArrayList<>();
        for (int m = round; m < round + 50; m++) {
          for (SlowClient client : slow) {
            replies.add(alice.client().request("send", "to", client.id(), "text", TEXT));
          }
        }
        for (int r = 0; r < replies.size(); r++) {
          JsonObject reply = await(replies.get(r));
          assertTrue(reply.getBoolean("ok"), reply.encode());
          accepted.get(r % CLIENTS).add(reply.getString("msg_id"));
        }
      }
      watcher.interrupt();
      watcher.join();

      int closedAsSlow = 0;
      for (int i = 0; i < CLIENTS; i++) {
        SlowClient client = slow.get(i);
        List<String> received = new ArrayList<>(client.readToTheEnd());
        closedAsSlow += client.closedByNode() ? 1 : 0;
        received.addAll(new SlowClient(port).loginAndReplay(client.name()));
        assertEquals(received.size(), new HashSet<>(received).size(), "client " + i + " got a message twice");
        assertEquals(accepted.get(i), new HashSet<>(received), "client " + i + " missed messages");
      }
      long grownMib = (worstRssKib.get() - rssBefore) / 1024;
      System.out.printf("slow consumers: RSS %d KiB before, %d KiB at most (+%d MiB); slowest ping %d ms; "
          + "%d of %d clients closed as slow consumers%n",
          rssBefore, worstRssKib.get(), grownMib, worstPingMillis.get(), closedAsSlow, CLIENTS);
      assertTrue(worstPingMillis.get() < 2000, "a ping took " + worstPingMillis.get() + " ms");
      assertTrue(grownMib < 300, "RSS grew by " + grownMib + " MiB");
    }
  }

  /** Pings every 200 ms and samples the node's RSS, keeping the worst of each. */
  private static Thread watch(NodeProcess node, LineClient pinger, AtomicLong worstPing, AtomicLong worstRss) {
    Thread watcher = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          long started = System.nanoTime();
          await(pinger.request("ping"));
          worstPing.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
          worstRss.accumulateAndGet(node.rssKib(), Math::max);
          Thread.sleep(200);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        worstPing.set(Long.MAX_VALUE);
      }
    }, "ping-watcher");
    watcher.start();
    return watcher;
  }
}
