package io.chat.cli.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.cli.TestNode;
import io.chat.common.config.ConfigKeys;
import io.chat.server.ChatNode;
import io.chat.testkit.TestCertificate;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("A client connection, against a running node")
@ExtendWith(VertxExtension.class)
class ChatConnectionTest {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private static ChatNode node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNode.start(stores, ConfigKeys.WS_PORT, 0);
  }

  @AfterAll
  static void stopNode() throws Exception {
    TestNode.stop(node);
  }

  private static Future<ChatConnection> connect(Vertx vertx) {
    return connect(vertx, Endpoint.plain("127.0.0.1", node.port()));
  }

  private static Future<ChatConnection> connect(Vertx vertx, Endpoint endpoint) {
    return new Dialer(vertx, endpoint).connect(endpoint);
  }

  private static Endpoint webSocket(int port) {
    return new Endpoint("127.0.0.1", port, false, null, false, true);
  }

  /** The reply, or a failure naming it when it is an error. */
  private static Future<JsonObject> ok(Future<JsonObject> reply) {
    return reply.compose(json -> Boolean.TRUE.equals(json.getBoolean("ok"))
        ? Future.succeededFuture(json) : Future.failedFuture("refused: " + json.encode()));
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  @DisplayName("opens with the node's hello and matches pipelined replies to their requests in order")
  void pipelined(Vertx vertx, VertxTestContext test) {
    pipelined(connect(vertx), test);
  }

  @Test
  @DisplayName("does the same over WebSocket, one JSON object per text message")
  void pipelinedOverWebSocket(Vertx vertx, VertxTestContext test) {
    pipelined(connect(vertx, webSocket(node.webPort())), test);
  }

  private static void pipelined(Future<ChatConnection> connecting, VertxTestContext test) {
    connecting.compose(connection -> {
      test.verify(() -> assertEquals("hello", connection.hello().getString("event")));
      Future<JsonObject> ping = connection.request(new JsonObject().put("op", "ping"), 5_000);
      Future<JsonObject> friends = connection.request(new JsonObject().put("op", "friends"), 5_000);
      Future<JsonObject> help = connection.request(new JsonObject().put("op", "help"), 5_000);
      return Future.all(ping, friends, help).onComplete(test.succeeding(all -> test.verify(() -> {
        assertEquals("ping", ping.result().getString("op"));
        assertEquals("not_logged_in", friends.result().getString("error"));
        assertTrue(help.result().getJsonArray("ops").contains("group_send"));
        test.completeNow();
      })));
    }).onFailure(test::failNow);
  }

  @Test
  @DisplayName("hands events to its event handler, between replies")
  void events(Vertx vertx, VertxTestContext test) {
    Credentials alice = Credentials.password(unique("ca"), "secret-a");
    Credentials bob = Credentials.password(unique("cb"), "secret-b");
    // One user over TCP, the other over WebSocket.
    connect(vertx).compose(a -> connect(vertx, webSocket(node.webPort())).compose(b -> {
      b.eventHandler(event -> {
        if ("friend_added".equals(event.getString("event"))) {
          test.verify(() -> assertEquals(alice.name(), event.getJsonObject("user").getString("name")));
          test.completeNow();
        }
      });
      return ok(a.request(alice.register(), 10_000))
          .compose(v -> ok(b.request(bob.register(), 10_000)))
          .compose(v -> ok(a.request(alice.login(false), 10_000)))
          .compose(v -> ok(b.request(bob.login(false), 10_000)))
          .compose(v -> ok(a.request(new JsonObject().put("op", "friend_add").put("name", bob.name()), 10_000)));
    })).onFailure(test::failNow);
  }

  @Test
  @DisplayName("reports the server's bye reason when it closes, and fails requests made after")
  void bye(Vertx vertx, VertxTestContext test) {
    String tooLong = "{\"op\":\"ping\",\"x\":\"" + "x".repeat(70_000) + "\"}";
    connect(vertx).compose(connection -> connection.requestLine(tooLong, 5_000)
        .compose(reply -> {
          test.verify(() -> assertEquals("frame_too_large", reply.getString("error")));
          return connection.closed();
        })
        .compose(reason -> {
          test.verify(() -> assertEquals("frame_too_large", reason));
          return connection.request(new JsonObject().put("op", "ping"), 5_000);
        }))
        .onComplete(test.failing(lost -> test.verify(() -> {
          assertEquals("frame_too_large", assertInstanceOf(ConnectionLostException.class, lost).byeReason());
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("speaks TLS (and WebSocket over TLS) to a node with a certificate it was told to trust, refuses one it was not, and says which option is missing")
  void tls(Vertx vertx, VertxTestContext test) throws Exception {
    TestCertificate certificate = TestCertificate.selfSigned();
    Path cert = certificate.cert();
    Path key = certificate.key();
    ChatNode tlsNode = TestNode.start(stores, ConfigKeys.TLS_CERT, cert.toString(), ConfigKeys.TLS_KEY, key.toString(),
        ConfigKeys.WS_PORT, 0);
    Endpoint trusting = new Endpoint("127.0.0.1", tlsNode.port(), true, cert.toString(), false, false);
    Endpoint untrusting = new Endpoint("127.0.0.1", tlsNode.port(), true, null, false, false);
    Endpoint trustingWss = new Endpoint("127.0.0.1", tlsNode.webPort(), true, cert.toString(), false, true);
    connect(vertx, trusting)
        .compose(connection -> connection.request(new JsonObject().put("op", "ping"), 5_000))
        .compose(pong -> {
          test.verify(() -> assertTrue(pong.getBoolean("ok")));
          return connect(vertx, trustingWss);
        })
        .compose(connection -> connection.request(new JsonObject().put("op", "ping"), 5_000))
        .compose(pong -> {
          test.verify(() -> assertTrue(pong.getBoolean("ok")));
          return failure(connect(vertx, untrusting));
        })
        .compose(refused -> {
          test.verify(() -> assertTrue(refused.startsWith("the TLS handshake failed")
              && refused.contains("--trust"), refused));
          return failure(connect(vertx, Endpoint.plain("127.0.0.1", tlsNode.port())));
        })
        .eventually(() -> tlsNode.stop())
        .onComplete(test.succeeding(plain -> test.verify(() -> {
          assertTrue(plain.endsWith("(a node with TLS needs --tls)"), plain);
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("tells a user who reached the TCP port over WebSocket that it is not the WebSocket port")
  void webSocketToTcpPort(Vertx vertx, VertxTestContext test) {
    failure(connect(vertx, webSocket(node.port()))).onComplete(test.succeeding(refused -> test.verify(() -> {
      assertTrue(refused.startsWith("no WebSocket at /ws (it did not answer in HTTP): is it the node's TCP port?"),
          refused);
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("tells a user who asked for TLS of a port without it")
  void tlsToPlainPort(Vertx vertx, VertxTestContext test) {
    failure(connect(vertx, new Endpoint("127.0.0.1", node.port(), true, null, true, false)))
        .onComplete(test.succeeding(refused -> test.verify(() -> {
          assertEquals("the server does not speak TLS on this port (a node without TLS needs no --tls)", refused);
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("tells a user whose node is not listening that the connection was refused")
  void refused(Vertx vertx, VertxTestContext test) throws Exception {
    int closedPort;
    try (ServerSocket free = new ServerSocket(0)) {
      closedPort = free.getLocalPort();
    }
    failure(connect(vertx, Endpoint.plain("127.0.0.1", closedPort))).onComplete(test.succeeding(refused -> test.verify(() -> {
      assertEquals("Connection refused (is a node listening there?)", refused);
      test.completeNow();
    })));
  }

  /** The message of an attempt that must fail. */
  private static Future<String> failure(Future<ChatConnection> attempt) {
    return attempt.transform(done -> done.succeeded() ? Future.failedFuture("connected, where it should not")
        : Future.succeededFuture(done.cause().getMessage()));
  }
}
