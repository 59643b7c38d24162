package io.chat.server;

import static io.chat.server.Cluster.await;
import static io.chat.server.Cluster.befriend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chat.common.config.ConfigKeys;
import io.chat.server.Cluster.Chatter;
import io.chat.testkit.LineClient;
import io.chat.testkit.TestPorts;
import io.chat.testkit.TestStores;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Clients through nginx's TCP balancing, as in deploy/nginx-stream.conf. */
@DisplayName("A cluster behind nginx")
class NginxIT {

  @RegisterExtension
  static TestStores stores = new TestStores();

  @Test
  @DisplayName("spreads clients over the nodes, and they chat across them")
  void throughNginx() throws Exception {
    assumeTrue(new File("/usr/sbin/nginx").canExecute(), "nginx is not installed");
    Path dir = Files.createTempDirectory("chat-nginx");
    Process nginx = null;
    try (Cluster cluster = new Cluster()) {
      Map<String, String> base = Cluster.baseEnv(stores);
      String members = "127.0.0.8,127.0.0.9";
      Map<String, String> a = Cluster.clustered(base, "it-nginx-a", 8, members);
      Map<String, String> b = Cluster.clustered(base, "it-nginx-b", 9, members);
      cluster.start(a, "listening on");
      cluster.start(b, "listening on");
      int port = TestPorts.free();
      Path module = Path.of("/usr/lib/nginx/modules/ngx_stream_module.so");
      Files.writeString(dir.resolve("nginx.conf"), (Files.exists(module) ? "load_module " + module + ";\n" : "")
          + "daemon off; pid " + dir.resolve("nginx.pid") + "; error_log " + dir.resolve("error.log") + ";\n"
          + "events { worker_connections 1024; }\n"
          + "stream { upstream chat { server 127.0.0.8:" + a.get(ConfigKeys.PORT) + "; server 127.0.0.9:"
          + b.get(ConfigKeys.PORT) + "; }\n"
          + "  server { listen 127.0.0.1:" + port + "; proxy_pass chat; } }\n");
      nginx = new ProcessBuilder("/usr/sbin/nginx", "-c", dir.resolve("nginx.conf").toString(), "-p", dir.toString())
          .redirectErrorStream(true).start();
      Set<String> nodes = new HashSet<>();
      Chatter first = null;
      for (int i = 0; i < 6 && nodes.size() < 2; i++) {
        LineClient client = connectWhenUp(cluster, port);
        nodes.add(client.hello().getString("node"));
        if (first == null) {
          first = userOn(client);
        } else if (!client.hello().getString("node").equals(first.client().hello().getString("node"))) {
          Chatter second = userOn(client);
          befriend(first, second);
          await(first.client().request("send", "to", second.id(), "text", "via nginx"));
          assertEquals("via nginx", await(second.client().nextEvent("message")).getString("text"));
        }
      }
      assertEquals(Set.of("it-nginx-a", "it-nginx-b"), nodes);
    } finally {
      if (nginx != null) {
        nginx.destroy();
        nginx.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static LineClient connectWhenUp(Cluster cluster, int port) throws Exception {
    for (int attempt = 0; ; attempt++) {
      try {
        return cluster.connect("127.0.0.1", port);
      } catch (Exception notYet) {
        if (attempt > 50) {
          throw notYet;
        }
        Thread.sleep(100);
      }
    }
  }

  private static Chatter userOn(LineClient client) throws Exception {
    String name = "u" + UUID.randomUUID().toString().substring(0, 8);
    int id = await(client.request("register", "name", name, "password", "secret1")).getJsonObject("user").getInteger("id");
    await(client.request("login", "name", name, "password", "secret1"));
    return new Chatter(id, name, client, null);
  }
}
