package io.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ConfigKeys;
import io.chat.testkit.FaultProxy;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin listener: health, readiness as the stores come and go, and the counters. */
@ExtendWith(VertxExtension.class)
@DisplayName("A node's admin endpoints")
class AdminEndToEndTest {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private static Vertx proxies;
  private static FaultProxy redisProxy;
  private static ChatNode node;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startNode() throws Exception {
    proxies = Vertx.vertx();
    redisProxy = Cluster.await(FaultProxy.start(proxies, "127.0.0.1", 6379));
    node = NodeHarness.start(stores, ConfigKeys.REDIS_URI, "redis://127.0.0.1:" + redisProxy.port());
  }

  @AfterAll
  static void stopNode() throws Exception {
    NodeHarness.stop(node);
    Cluster.await(proxies.close());
  }

  private static Future<HttpResponse<String>> get(String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + path)).build();
    return Future.fromCompletionStage(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  @DisplayName("answers /health with the node id")
  void health(VertxTestContext test) {
    get("/health").onComplete(test.succeeding(response -> test.verify(() -> {
      assertEquals(200, response.statusCode());
      assertEquals(new JsonObject().put("status", "up").put("node", node.nodeId()), new JsonObject(response.body()));
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("turns /ready to 503 naming Redis while Redis is unreachable, and back to 200 after")
  void readiness(Vertx vertx, VertxTestContext test) {
    get("/ready").compose(ready -> {
      test.verify(() -> assertEquals(200, ready.statusCode(), ready.body()));
      redisProxy.cut();
      return get("/ready");
    }).compose(notReady -> {
      test.verify(() -> {
        assertEquals(503, notReady.statusCode());
        JsonObject body = new JsonObject(notReady.body());
        assertTrue(body.getJsonArray("problems").encode().contains("redis"), body.encode());
      });
      redisProxy.restore();
      return readyAgain(vertx, 40);
    }).onComplete(test.succeedingThenComplete());
  }

  private Future<Void> readyAgain(Vertx vertx, int attempts) {
    return get("/ready").compose(response -> response.statusCode() == 200
        ? Future.succeededFuture()
        : attempts == 0
            ? Future.failedFuture("still not ready: " + response.body())
            : vertx.timer(500).compose(t -> readyAgain(vertx, attempts - 1)));
  }

  @Test
  @DisplayName("counts requests and delivered messages in /metrics")
  void counters(Vertx vertx, VertxTestContext test) {
    String sendsOk = "chat_requests_total{op=\"send\",result=\"ok\"}";
    String delivered = "chat_messages_delivered_total";
    get("/metrics").compose(before -> NodeHarness.newUser(vertx, node, "m")
            .compose(a -> NodeHarness.newUser(vertx, node, "m").compose(b -> NodeHarness.befriend(a, b)
                .compose(v -> a.client().request("send", "to", b.id(), "text", "counted"))
                .compose(v -> b.client().nextEvent("message"))))
            .compose(v -> get("/metrics"))
            .map(after -> {
              test.verify(() -> {
                assertEquals(value(before.body(), sendsOk) + 1, value(after.body(), sendsOk));
                assertEquals(value(before.body(), delivered) + 1, value(after.body(), delivered));
                assertTrue(after.body().contains("chat_connections"));
                assertTrue(after.body().contains("chat_delivery_latency_seconds_bucket"));
                assertTrue(value(after.body(), "chat_log_batch_messages_count") >= 1, "the send's batch");
                assertTrue(after.body().contains("jvm_memory_used_bytes"));
              });
              return after;
            }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("serves /metrics that promtool check metrics passes without a complaint, once requests and messages made their meters")
  void promtoolClean(Vertx vertx) throws Exception {
    NodeHarness.User a = Cluster.await(NodeHarness.newUser(vertx, node, "p"));
    NodeHarness.User b = Cluster.await(NodeHarness.newUser(vertx, node, "p"));
    Cluster.await(NodeHarness.befriend(a, b));
    Cluster.await(a.client().request("send", "to", b.id(), "text", "linted"));
    Cluster.await(b.client().nextEvent("message"));
    String metrics = Cluster.await(get("/metrics")).body();
    assertTrue(metrics.contains("chat_requests_total{op=\"send\",result=\"ok\"}"), metrics);
    Promtool.Verdict verdict = Promtool.checkMetrics(metrics);
    assertEquals("", verdict.output(), "promtool check metrics on the node's /metrics");
    assertEquals(0, verdict.exitCode(), verdict.output());
  }

  private static double value(String metrics, String series) {
    Matcher line = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    return line.find() ? Double.parseDouble(line.group(1)) : 0;
  }
}
