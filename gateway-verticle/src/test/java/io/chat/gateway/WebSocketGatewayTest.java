package io.chat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ChatConfig;
import io.chat.common.config.ConfigKeys;
import io.chat.common.config.ConfigLoader;
import io.chat.testkit.ClientEndpoint;
import io.chat.testkit.ClientTransport;
import io.chat.testkit.LineClient;
import io.chat.testkit.TestPorts;
import io.chat.testkit.WebSocketCodec;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway's WebSocket port on its own (no services behind it): framing of messages, the
 * frame limit, the origin check at the handshake, the web client's files, and the connection
 * rules a WebSocket shares with TCP (idle timeout, connection caps, bye when the node stops).
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The gateway's WebSocket port")
class WebSocketGatewayTest {

  private static final int FRAME_LIMIT = 1024;
  private static final String PING_1 = "{\"op\":\"ping\",\"ref\":1}";

  /** A deployed gateway: its ports and deployment. */
  private record Deployed(int tcpPort, int webPort, String id) {
  }

  /** A gateway with two instances on free ports, with these settings over the test's. */
  private static Future<Deployed> deploy(Vertx vertx, Object... settings) {
    int[] ports = TestPorts.free(2);
    int tcpPort = ports[0];
    int webPort = ports[1];
    JsonObject json = ConfigLoader.defaults()
        .put(ConfigKeys.HOST, "127.0.0.1")
        .put(ConfigKeys.PORT, tcpPort)
        .put(ConfigKeys.WS_PORT, webPort)
        .put(ConfigKeys.NODE, "ws-test")
        .put(ConfigKeys.FRAME_LIMIT, FRAME_LIMIT)
        .put(ConfigKeys.REQUEST_TIMEOUT, 500)
        .put(ConfigKeys.WS_ORIGINS, "https://chat.example.com");
    for (int i = 0; i + 1 < settings.length; i += 2) {
      json.put((String) settings[i], settings[i + 1]);
    }
    Gateway gateway = new Gateway(vertx, new ChatConfig(json));
    return vertx.deployVerticle(() -> new GatewayVerticle(gateway), new DeploymentOptions().setInstances(2))
        .map(id -> new Deployed(tcpPort, webPort, id));
  }

  private static Future<LineClient> connect(Vertx vertx, Object... settings) {
    return deploy(vertx, settings).compose(gateway -> LineClient.connect(vertx, ClientTransport.WEBSOCKET,
        gateway.webPort()));
  }

  private static Future<Throwable> refused(Vertx vertx, String origin) {
    return deploy(vertx).compose(gateway -> LineClient.connect(vertx,
            ClientEndpoint.of(ClientTransport.WEBSOCKET, "127.0.0.1", gateway.webPort()).origin(origin)))
        .transform(done -> done.succeeded() ? Future.failedFuture("accepted from " + origin)
            : Future.succeededFuture(done.cause()));
  }

  @Test
  @DisplayName("says hello, and writes each reply as one text message without a line end")
  void oneMessagePerFrame(Vertx vertx, VertxTestContext test) {
    deploy(vertx).compose(gateway -> vertx.<List<String>>executeBlocking(() -> {
      try (Socket socket = new Socket("127.0.0.1", gateway.webPort())) {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        WebSocketCodec.handshake(in, socket.getOutputStream(), "127.0.0.1", gateway.webPort(), null);
        String hello = WebSocketCodec.readMessage(in).text();
        WebSocketCodec.writeFrame(socket.getOutputStream(), WebSocketCodec.TEXT, true,
            (PING_1 + "\n").getBytes(StandardCharsets.UTF_8));
        return List.of(hello, WebSocketCodec.readMessage(in).text());
      }
    })).onComplete(test.succeeding(messages -> test.verify(() -> {
      assertEquals("{\"event\":\"hello\",\"proto\":2,\"node\":\"ws-test\"}", messages.get(0));
      assertEquals("{\"op\":\"ping\",\"ok\":true,\"ref\":1}", messages.get(1));
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("serves every WebSocket on its socket's event loop, whichever of the two instances Vert.x hands it to")
  void eachOnItsOwnLoop(Vertx vertx, VertxTestContext test) {
    // Vert.x calls an instance's handler on another instance's loop for some sockets; a
    // connection made on the wrong loop is refused by its constructor, so it would not answer.
    deploy(vertx).compose(gateway -> {
      List<Future<JsonObject>> pongs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        pongs.add(LineClient.connect(vertx, ClientTransport.WEBSOCKET, gateway.webPort())
            .compose(client -> client.request("ping")));
      }
      return Future.all(pongs);
    }).onComplete(test.succeeding(all -> test.verify(() -> {
      all.<JsonObject>list().forEach(pong -> assertEquals(true, pong.getBoolean("ok"), pong.encode()));
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("answers bad_json without op or ref to a binary message and to text that is no JSON object, and stays open")
  void badJson(Vertx vertx, VertxTestContext test) {
    List<Function<LineClient, Future<Void>>> bad = List.of(
        client -> client.sendBinary(PING_1.getBytes(StandardCharsets.UTF_8)),
        client -> client.sendText("[1,2]"),
        client -> client.sendText("nonsense"),
        client -> client.sendText(""),
        client -> client.sendText("\n"),
        client -> client.sendText(PING_1 + "\n" + PING_1),
        client -> client.sendRaw(io.vertx.core.buffer.Buffer.buffer(new byte[] {'{', '"', (byte) 0xc0, (byte) 0x80, '"', '}'})));
    connect(vertx).compose(client -> BadFrames.answers(client, bad))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          BadFrames.assertAnswered(replies, List.of("binary", "array", "not JSON", "empty", "a line end",
              "two objects", "invalid UTF-8"));
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("takes a message with a line end, a message in several frames, and one of exactly the frame limit")
  void acceptedMessages(Vertx vertx, VertxTestContext test) {
    String head = "{\"op\":\"ping\",\"ref\":\"";
    String tail = "\"}";
    String atLimit = head + "x".repeat(FRAME_LIMIT - head.length() - tail.length()) + tail;
    connect(vertx).compose(client -> client.sendText("{\"op\":\"ping\",\"ref\":\"crlf\"}\r\n")
            .compose(v -> client.sendTextInFrames("{\"op\":\"pi", "ng\",\"ref\":", "\"parts\"}"))
            .compose(v -> client.sendTextInFrames(atLimit.substring(0, 500), atLimit.substring(500), "\n"))
            .compose(v -> Future.all(client.nextReply(), client.nextReply(), client.nextReply())))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          assertEquals("crlf", replies.<JsonObject>resultAt(0).getString("ref"));
          assertEquals("parts", replies.<JsonObject>resultAt(1).getString("ref"));
          assertTrue(replies.<JsonObject>resultAt(2).getBoolean("ok"));
          assertEquals(FRAME_LIMIT - head.length() - tail.length(), replies.<JsonObject>resultAt(2).getString("ref").length());
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("answers frame_too_large, says bye and closes on a message one byte over the limit")
  void oversizedMessage(Vertx vertx, VertxTestContext test) {
    oversized(vertx, test, client -> client.sendText("y".repeat(FRAME_LIMIT + 1)));
  }

  @Test
  @DisplayName("answers frame_too_large likewise when the frames of one message add up to more than the limit")
  void oversizedFragments(Vertx vertx, VertxTestContext test) {
    String part = "z".repeat(FRAME_LIMIT / 4);
    oversized(vertx, test, client -> client.sendTextInFrames(part, part, part, part, part, part, part, part));
  }

  @Test
  @DisplayName("answers frame_too_large likewise to a binary message over the limit")
  void oversizedBinary(Vertx vertx, VertxTestContext test) {
    oversized(vertx, test, client -> client.sendBinary(new byte[FRAME_LIMIT + 1]));
  }

  @Test
  @DisplayName("answers frame_too_large likewise to a frame the WebSocket layer itself refuses (over twice the limit)")
  void frameOverTheServersLimit(Vertx vertx, VertxTestContext test) {
    oversized(vertx, test, client -> client.sendText("w".repeat(10 * FRAME_LIMIT)));
  }

  private static void oversized(Vertx vertx, VertxTestContext test, Function<LineClient, Future<Void>> send) {
    connect(vertx).compose(client -> OversizedFrame.answers(client, c -> c.sendText(PING_1).compose(v -> send.apply(c))))
        .onComplete(test.succeeding(frames -> test.verify(() -> {
          OversizedFrame.assertAnswered(frames);
          test.completeNow();
        })));
  }


  @Test
  @DisplayName("accepts a handshake without Origin, from the node's own page, and from a configured origin, in any case")
  void allowedOrigins(Vertx vertx, VertxTestContext test) {
    deploy(vertx).compose(gateway -> {
      ClientEndpoint endpoint = ClientEndpoint.of(ClientTransport.WEBSOCKET, "127.0.0.1", gateway.webPort());
      return Future.all(List.of(
          LineClient.connect(vertx, endpoint),
          LineClient.connect(vertx, endpoint.origin("http://127.0.0.1:" + gateway.webPort())),
          LineClient.connect(vertx, endpoint.origin("HTTPS://Chat.Example.com"))));
    }).onComplete(test.succeeding(clients -> test.verify(() -> {
      for (int i = 0; i < 3; i++) {
        assertEquals("hello", clients.<LineClient>resultAt(i).hello().getString("event"));
      }
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("refuses a handshake from another site's page with 403")
  void otherSite(Vertx vertx, VertxTestContext test) {
    refused(vertx, "https://evil.example").onComplete(test.succeeding(failure -> test.verify(() -> {
      assertEquals(403, assertInstanceOf(WebSocketCodec.RefusedHandshake.class, failure).status());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("refuses a page of the node's host on another port, or scheme-less, as another origin")
  void nearMisses(Vertx vertx, VertxTestContext test) {
    Future.all(refused(vertx, "http://127.0.0.1:1"), refused(vertx, "null"), refused(vertx, "https://chat.example.com:8443"))
        .onComplete(test.succeeding(failures -> test.verify(() -> {
          for (int i = 0; i < 3; i++) {
            assertEquals(403, assertInstanceOf(WebSocketCodec.RefusedHandshake.class, failures.resultAt(i)).status());
          }
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("serves the web client at / with its script, style and icon, and nothing else")
  void webClientFiles(Vertx vertx, VertxTestContext test) {
    HttpClient http = vertx.createHttpClient();
    deploy(vertx).compose(gateway -> {
      Function<String, Future<HttpClientResponse>> get = path -> http.request(HttpMethod.GET, gateway.webPort(),
          "127.0.0.1", path).compose(request -> request.send()).compose(response -> response.body().map(response));
      return Future.all(List.of(get.apply("/"), get.apply("/app.js"), get.apply("/app.css"), get.apply("/icon.svg"),
          get.apply("/ws"), get.apply("/secret"), http.request(HttpMethod.POST, gateway.webPort(), "127.0.0.1", "/")
              .compose(request -> request.send())));
    }).onComplete(test.succeeding(responses -> test.verify(() -> {
      HttpClientResponse page = responses.resultAt(0);
      assertEquals(200, page.statusCode());
      assertEquals("text/html; charset=utf-8", page.getHeader("Content-Type"));
      assertTrue(page.getHeader("Content-Security-Policy").contains("connect-src 'self'"));
      assertEquals("nosniff", page.getHeader("X-Content-Type-Options"));
      assertEquals("text/javascript; charset=utf-8", responses.<HttpClientResponse>resultAt(1).getHeader("Content-Type"));
      assertEquals("text/css; charset=utf-8", responses.<HttpClientResponse>resultAt(2).getHeader("Content-Type"));
      assertEquals("image/svg+xml", responses.<HttpClientResponse>resultAt(3).getHeader("Content-Type"));
      assertEquals(400, responses.<HttpClientResponse>resultAt(4).statusCode(), "/ws without an upgrade");
      assertEquals(404, responses.<HttpClientResponse>resultAt(5).statusCode());
      assertEquals(405, responses.<HttpClientResponse>resultAt(6).statusCode());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("says bye and closes a WebSocket that sends no frame for the idle timeout")
  void idleTimeout(Vertx vertx, VertxTestContext test) {
    connect(vertx, ConfigKeys.IDLE_TIMEOUT, 1)
        .compose(client -> client.nextEvent("bye").compose(bye -> client.closed().map(bye)))
        .onComplete(test.succeeding(bye -> test.verify(() -> {
          assertEquals("idle_timeout", bye.getString("reason"));
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("counts WebSocket and TCP connections against one cap per address, and refuses past it with bye")
  void connectionCap(Vertx vertx, VertxTestContext test) {
    deploy(vertx, ConfigKeys.MAX_CONNECTIONS_PER_ADDRESS, 2).compose(gateway ->
        LineClient.connect(vertx, gateway.tcpPort())
            .compose(tcp -> LineClient.connect(vertx, ClientTransport.WEBSOCKET, gateway.webPort()))
            .compose(ws -> LineClient.connect(vertx, ClientTransport.WEBSOCKET, gateway.webPort())
                .transform(done -> done.succeeded() ? Future.failedFuture("a third connection was taken")
                    : Future.succeededFuture(done.cause().getMessage()))))
        .onComplete(test.succeeding(refusal -> test.verify(() -> {
          assertTrue(refusal.contains("too_many_connections"), refusal);
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("says bye (shutting_down) to a WebSocket when the gateway stops, and closes it")
  void shutdown(Vertx vertx, VertxTestContext test) {
    deploy(vertx).compose(gateway -> LineClient.connect(vertx, ClientTransport.WEBSOCKET, gateway.webPort())
            .compose(client -> vertx.undeploy(gateway.id()).compose(v -> client.nextEvent("bye"))
                .compose(bye -> client.closed().map(bye))))
        .onComplete(test.succeeding(bye -> test.verify(() -> {
          assertEquals("shutting_down", bye.getString("reason"));
          test.completeNow();
        })));
  }
}
