package io.chat.server;

import static io.chat.server.NodeHarness.befriend;
import static io.chat.server.NodeHarness.newUser;
import static io.chat.server.NodeHarness.session;
import static io.chat.server.NodeHarness.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ConfigKeys;
import io.chat.server.NodeHarness.User;
import io.chat.testkit.ClientEndpoint;
import io.chat.testkit.ClientTransport;
import io.chat.testkit.LineClient;
import io.chat.testkit.WebSocketCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What is particular to WebSocket on a whole node: message framing and its errors, the origin
 * check, the web client's page, and WebSocket and TCP users chatting with each other. The
 * protocol's cases run over both transports in the other end-to-end tests.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A node, over WebSocket")
class WebSocketEndToEndTest {

  private static final int FRAME_LIMIT = 4096;

  @RegisterExtension
  static RunningNode node = new RunningNode(ConfigKeys.FRAME_LIMIT, FRAME_LIMIT,
      ConfigKeys.WS_ORIGINS, "https://chat.example.com");

  private static ClientEndpoint endpoint() {
    return ClientEndpoint.of(ClientTransport.WEBSOCKET, "127.0.0.1", node.get().webPort());
  }

  private static Future<User> webUser(Vertx vertx, String prefix) {
    return newUser(vertx, node.get(), ClientTransport.WEBSOCKET, prefix);
  }

  private static Future<User> tcpUser(Vertx vertx, String prefix) {
    return newUser(vertx, node.get(), ClientTransport.TCP, prefix);
  }

  @Test
  @DisplayName("answers a binary message and text that is no JSON object with bad_json, and keeps the session")
  void badJson(Vertx vertx, VertxTestContext test) {
    webUser(vertx, "wb").compose(user -> {
      LineClient client = user.client();
      return client.sendBinary("{\"op\":\"ping\"}".getBytes(StandardCharsets.UTF_8)).compose(v -> client.nextReply())
          .compose(binary -> client.sendText("hello there").compose(v -> client.nextReply())
              .compose(text -> client.sendText("[{\"op\":\"ping\"}]").compose(v -> client.nextReply())
                  .compose(array -> client.request("friends")
                      .map(friends -> List.of(binary, text, array, friends)))));
    }).onComplete(test.succeeding(replies -> test.verify(() -> {
      for (JsonObject reply : replies.subList(0, 3)) {
        assertEquals("bad_json", reply.getString("error"), reply.encode());
        assertNull(reply.getString("op"));
      }
      assertTrue(replies.get(3).getBoolean("ok"), "still logged in: " + replies.get(3).encode());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("answers a message over the frame limit with frame_too_large, bye and a close, and the user's friends see it go offline")
  void oversized(Vertx vertx, VertxTestContext test) {
    Future.all(webUser(vertx, "wo"), tcpUser(vertx, "wf")).compose(both -> {
      User big = both.resultAt(0);
      User friend = both.resultAt(1);
      return befriend(friend, big)
          .compose(v -> big.client().sendText("{\"op\":\"ping\",\"x\":\"" + "x".repeat(FRAME_LIMIT) + "\"}"))
          .compose(v -> big.client().nextReply())
          .compose(tooLarge -> big.client().nextEvent("bye").compose(bye -> big.client().closed()
              .compose(closed -> friend.client().nextEvent("presence"))
              .map(presence -> List.of(tooLarge, bye, presence))));
    }).onComplete(test.succeeding(frames -> test.verify(() -> {
      assertEquals("frame_too_large", frames.get(0).getString("error"));
      assertFalse(frames.get(0).containsKey("op"));
      assertEquals("frame_too_large", frames.get(1).getString("reason"));
      assertFalse(frames.get(2).getBoolean("online"));
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("refuses a handshake from another site's page with 403, and accepts one without Origin and from its own page")
  void origins(Vertx vertx, VertxTestContext test) {
    Future<Throwable> evil = LineClient.connect(vertx, endpoint().origin("https://evil.example"))
        .transform(done -> done.succeeded() ? Future.failedFuture("accepted another site")
            : Future.succeededFuture(done.cause()));
    Future.all(evil, LineClient.connect(vertx, endpoint()),
            LineClient.connect(vertx, endpoint().origin("http://127.0.0.1:" + node.get().webPort())),
            LineClient.connect(vertx, endpoint().origin("https://chat.example.com")))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          assertEquals(403, assertInstanceOf(WebSocketCodec.RefusedHandshake.class, all.resultAt(0)).status());
          for (int i = 1; i < 4; i++) {
            assertEquals(node.get().nodeId(), all.<LineClient>resultAt(i).hello().getString("node"));
          }
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("chats between a WebSocket user and a TCP user both ways: friendship, presence, messages with one msg_id and seq")
  void acrossTransports(Vertx vertx, VertxTestContext test) {
    Future.all(webUser(vertx, "web"), tcpUser(vertx, "tcp")).compose(both -> {
      User web = both.resultAt(0);
      User tcp = both.resultAt(1);
      return befriend(web, tcp)
          .compose(v -> web.client().request("send", "to", tcp.id(), "text", "from the browser"))
          .compose(sent -> tcp.client().nextEvent("message").map(got -> List.of(sent, got)))
          .compose(first -> tcp.client().request("send", "to", web.name(), "text", "from the terminal")
              .compose(sent -> web.client().nextEvent("message").map(got -> List.of(first.get(0), first.get(1), sent, got))))
          .compose(messages -> tcp.client().close().compose(v -> web.client().nextEvent("presence"))
              .map(presence -> {
                test.verify(() -> {
                  assertEquals("from the browser", messages.get(1).getString("text"));
                  assertEquals(messages.get(0).getString("msg_id"), messages.get(1).getString("msg_id"));
                  assertEquals(web.ref(), messages.get(1).getJsonObject("from"));
                  assertEquals("from the terminal", messages.get(3).getString("text"));
                  assertEquals(messages.get(2).getLong("seq"), messages.get(3).getLong("seq"));
                  assertEquals(2L, messages.get(3).getLong("seq"));
                  assertEquals(tcp.ref(), presence.getJsonObject("user"));
                  assertFalse(presence.getBoolean("online"));
                });
                return presence;
              }));
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("gives a user's TCP session the copy of what its WebSocket session sends, and runs a group across both transports")
  void sessionsAndGroupsAcrossTransports(Vertx vertx, VertxTestContext test) {
    String group = unique("mix");
    Future.all(webUser(vertx, "wa"), tcpUser(vertx, "ta")).compose(both -> {
      User web = both.resultAt(0);
      User tcp = both.resultAt(1);
      return session(vertx, node.get(), ClientTransport.TCP, web).compose(webOnTcp -> befriend(web, tcp)
          .compose(v -> web.client().request("send", "to", tcp.id(), "text", "copied"))
          .compose(v -> webOnTcp.client().nextEvent(event -> "copied".equals(event.getString("text"))))
          .compose(copy -> web.client().request("group_create", "name", group)
              .compose(v -> tcp.client().request("group_join", "group", group))
              .compose(v -> web.client().nextEvent("group_member_joined"))
              .compose(joined -> tcp.client().request("group_send", "group", group, "text", "to the group"))
              .compose(v -> Future.all(web.client().nextEvent(e -> "to the group".equals(e.getString("text"))),
                  webOnTcp.client().nextEvent(e -> "to the group".equals(e.getString("text")))))
              .map(groupMessages -> {
                test.verify(() -> {
                  assertEquals(web.ref(), copy.getJsonObject("from"));
                  assertEquals(groupMessages.<JsonObject>resultAt(0), groupMessages.<JsonObject>resultAt(1));
                  assertEquals(group, groupMessages.<JsonObject>resultAt(0).getJsonObject("group").getString("name"));
                });
                return copy;
              })));
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("serves the web client's page at / on the WebSocket port")
  void page(Vertx vertx, VertxTestContext test) {
    vertx.createHttpClient().request(HttpMethod.GET, node.get().webPort(), "127.0.0.1", "/")
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> List.of(String.valueOf(response.statusCode()), body.toString())))
        .onComplete(test.succeeding(page -> test.verify(() -> {
          assertEquals("200", page.get(0));
          assertTrue(page.get(1).contains("<script src=\"app.js\""), page.get(1));
          test.completeNow();
        })));
  }
}
