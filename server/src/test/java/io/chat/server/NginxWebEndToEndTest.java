package io.chat.server;

import static io.chat.server.Cluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chat.testkit.ClientEndpoint;
import io.chat.testkit.ClientTransport;
import io.chat.testkit.LineClient;
import io.chat.testkit.TestPorts;
import io.chat.testkit.WebSocketCodec;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web port behind nginx's HTTP proxy, set up as in deploy/nginx-web.conf: the page, and
 * WebSocket connections from it, whose origin the node recognizes through the Host nginx
 * passes on. Skipped where nginx is not installed.
 */
@DisplayName("A node's web port behind nginx")
class NginxWebEndToEndTest {

  @RegisterExtension
  static RunningNode node = new RunningNode();

  private static Path dir;
  private static Process nginx;
  private static int port;
  private static Vertx vertx;

  @BeforeAll
  static void startNginx() throws Exception {
    assumeTrue(new File("/usr/sbin/nginx").canExecute(), "nginx is not installed");
    vertx = Vertx.vertx();
    // nginx's workers run as another user, who must reach the proxy's temporary files.
    dir = Files.createTempDirectory("chat-nginx-web", PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxr-xr-x")));
    port = TestPorts.free();
    Files.writeString(dir.resolve("nginx.conf"), "daemon off; pid " + dir.resolve("nginx.pid") + "; error_log "
        + dir.resolve("error.log") + "; worker_processes 1;\n"
        + "events { worker_connections 256; }\n"
        + "http { access_log off;\n"
        + "  map $http_upgrade $chat_connection_upgrade { default upgrade; '' close; }\n"
        + "  upstream chat_web { server 127.0.0.1:" + node.get().webPort() + "; }\n"
        + "  server { listen 127.0.0.1:" + port + ";\n"
        + "    location / { proxy_pass http://chat_web; proxy_http_version 1.1;\n"
        + "      proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $chat_connection_upgrade;\n"
        + "      proxy_set_header Host $http_host; proxy_read_timeout 600s; proxy_send_timeout 600s; } } }\n");
    nginx = new ProcessBuilder("/usr/sbin/nginx", "-c", dir.resolve("nginx.conf").toString(), "-p", dir.toString())
        .redirectErrorStream(true).start();
    for (int attempt = 0; attempt < 100; attempt++) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        return;
      } catch (Exception notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("nginx did not listen: " + Files.readString(dir.resolve("error.log")));
  }

  @AfterAll
  static void stopNginx() throws Exception {
    if (nginx != null) {
      nginx.destroy();
      nginx.waitFor(10, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  private static ClientEndpoint throughNginx() {
    return ClientEndpoint.of(ClientTransport.WEBSOCKET, "127.0.0.1", port);
  }

  @Test
  @DisplayName("serves the page, and takes a WebSocket from it: the page's origin is the Host nginx passes on")
  void pageAndSocket() throws Exception {
    String page = await(vertx.createHttpClient().request(HttpMethod.GET, port, "127.0.0.1", "/")
        .compose(request -> request.send()).compose(response -> response.body())).toString();
    assertTrue(page.contains("<script src=\"app.js\""), page);
    LineClient client = await(LineClient.connect(vertx, throughNginx().origin("http://127.0.0.1:" + port)));
    assertEquals(node.get().nodeId(), client.hello().getString("node"));
    assertEquals(new JsonObject().put("op", "ping").put("ok", true).put("ref", 1),
        await(client.request(new JsonObject().put("op", "ping").put("ref", 1))));
  }

  @Test
  @DisplayName("refuses a WebSocket from another site's page through nginx too")
  void otherSite() {
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> await(LineClient.connect(vertx, throughNginx().origin("https://evil.example"))));
    assertEquals(403, assertInstanceOf(WebSocketCodec.RefusedHandshake.class, refused.getCause()).status());
  }
}
