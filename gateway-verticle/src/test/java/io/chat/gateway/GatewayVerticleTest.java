package io.chat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ChatConfig;
import io.chat.common.config.ConfigKeys;
import io.chat.common.config.ConfigLoader;
import io.chat.common.protocol.Op;
import io.chat.testkit.LineClient;
import io.chat.testkit.TestPorts;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway on its own: framing, the rules every request shares, and what a client sees
 * when the services behind the gateway are not running.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The gateway verticle")
class GatewayVerticleTest {

  private static final int FRAME_LIMIT = 1024;

  private int port;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext test) {
    deployGateway(vertx, 300).onComplete(test.succeeding(deployed -> {
      port = deployed;
      test.completeNow();
    }));
  }

  /** A gateway with two instances on a free port; completes with the port. */
  private static Future<Integer> deployGateway(Vertx vertx, int idleSeconds) {
    int freePort = TestPorts.free();
    ChatConfig config = new ChatConfig(ConfigLoader.defaults()
        .put(ConfigKeys.HOST, "127.0.0.1")
        .put(ConfigKeys.PORT, freePort)
        .put(ConfigKeys.WS_PORT, -1)
        .put(ConfigKeys.NODE, "gw-test")
        .put(ConfigKeys.FRAME_LIMIT, FRAME_LIMIT)
        .put(ConfigKeys.IDLE_TIMEOUT, idleSeconds)
        .put(ConfigKeys.REQUEST_TIMEOUT, 500));
    Gateway gateway = new Gateway(vertx, config);
    return vertx.deployVerticle(() -> new GatewayVerticle(gateway), new DeploymentOptions().setInstances(2))
        .map(freePort);
  }

  private Future<LineClient> connect(Vertx vertx) {
    return LineClient.connect(vertx, port);
  }

  @Test
  @DisplayName("greets a new connection with hello, protocol 2 and the node id")
  void hello(Vertx vertx, VertxTestContext test) {
    connect(vertx).onComplete(test.succeeding(client -> test.verify(() -> {
      assertEquals(new JsonObject().put("event", "hello").put("proto", 2).put("node", "gw-test"), client.hello());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("answers ping and echoes a string or an integer ref")
  void ping(Vertx vertx, VertxTestContext test) {
    connect(vertx).compose(client -> client.request(new JsonObject().put("op", "ping").put("ref", "a"))
        .compose(first -> client.request(new JsonObject().put("op", "ping").put("ref", 12345678901L))
            .map(second -> List.of(first, second))))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          assertEquals(new JsonObject().put("op", "ping").put("ok", true).put("ref", "a"), replies.get(0));
          assertEquals(12345678901L, replies.get(1).getLong("ref"));
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("lists every op of the protocol in the help reply")
  void help(Vertx vertx, VertxTestContext test) {
    connect(vertx).compose(client -> client.request("help")).onComplete(test.succeeding(reply -> test.verify(() -> {
      assertTrue(reply.getBoolean("ok"));
      assertEquals(new JsonArray(Op.wireNames()), reply.getJsonArray("ops"));
      assertEquals(22, reply.getJsonArray("ops").size());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("answers bad_json without op or ref to lines that are not one JSON object, and stays open")
  void badJson(Vertx vertx, VertxTestContext test) {
    List<String> lines = List.of("garbage", "[1,2]", "\"text\"", "42", "{\"op\":\"ping\"", "{\"op\":\"ping\"} {}",
        "{\"op\":\"ping\",}", "{'op':'ping'}", "{\"op\":\"ping\",\"ref\":NaN}", "   ", " \t ");
    connect(vertx).compose(client -> BadFrames.answers(client, lines.stream()
            .<Function<LineClient, Future<Void>>>map(line -> c -> c.sendRaw(line + "\n")).toList()))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          BadFrames.assertAnswered(replies, lines);
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("answers bad_json to invalid UTF-8 anywhere in a line")
  void invalidUtf8(Vertx vertx, VertxTestContext test) {
    byte[][] invalid = {
        {(byte) 0xff},
        {(byte) 0xc0, (byte) 0x80},              // overlong NUL
        {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // an encoded surrogate
        {(byte) 0xe2, (byte) 0x82},              // truncated sequence
        {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
    };
    connect(vertx).compose(client -> {
      Future<List<JsonObject>> all = Future.succeededFuture(new ArrayList<>());
      for (byte[] bad : invalid) {
        Buffer line = Buffer.buffer("{\"op\":\"ping\",\"ref\":\"").appendBytes(bad).appendString("\"}\n");
        all = all.compose(list -> client.sendRaw(line).compose(v -> client.nextReply()).map(reply -> {
          list.add(reply);
          return list;
        }));
      }
      return all;
    }).onComplete(test.succeeding(replies -> test.verify(() -> {
      for (JsonObject reply : replies) {
        assertEquals("bad_json", reply.getString("error"));
      }
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("accepts valid multi-byte UTF-8 and echoes it in the ref")
  void validUtf8(Vertx vertx, VertxTestContext test) {
    connect(vertx).compose(client -> client.request(new JsonObject().put("op", "ping").put("ref", "héllo 世界 🎉")))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertEquals("héllo 世界 🎉", reply.getString("ref"));
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("answers bad_request to an object without a string op, echoing a valid ref")
  void badRequestWithoutOp(Vertx vertx, VertxTestContext test) {
    connect(vertx).compose(client -> client.request(new JsonObject().put("ref", 3))
            .compose(noOp -> client.request(new JsonObject().put("op", 7).put("ref", "r"))
                .compose(numberOp -> client.request(new JsonObject().putNull("op"))
                    .map(nullOp -> List.of(noOp, numberOp, nullOp)))))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          for (JsonObject reply : replies) {
            assertEquals("bad_request", reply.getString("error"));
            assertFalse(reply.containsKey("op"));
          }
          assertEquals(3, replies.get(0).getInteger("ref"));
          assertEquals("r", replies.get(1).getString("ref"));
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("answers bad_request to a ref that is neither a string nor an integer")
  void badRef(Vertx vertx, VertxTestContext test) {
    List<Object> refs = List.of(1.5, true, new JsonObject(), new JsonArray());
    connect(vertx).compose(client -> {
      Future<List<JsonObject>> all = Future.succeededFuture(new ArrayList<>());
      for (Object ref : refs) {
        all = all.compose(list -> client.request(new JsonObject().put("op", "ping").put("ref", ref)).map(reply -> {
          list.add(reply);
          return list;
        }));
      }
      return all.compose(list -> client.request(new JsonObject().put("op", "ping").putNull("ref")).map(reply -> {
        list.add(reply);
        return list;
      }));
    }).onComplete(test.succeeding(replies -> test.verify(() -> {
      for (JsonObject reply : replies) {
        assertEquals("bad_request", reply.getString("error"), reply.encode());
        assertEquals("ping", reply.getString("op"));
        assertFalse(reply.containsKey("ref"));
      }
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("answers unknown_op, logged in or not, echoing the op and the ref")
  void unknownOp(Vertx vertx, VertxTestContext test) {
    connect(vertx).compose(client -> client.request(new JsonObject().put("op", "fly").put("ref", 9)))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertEquals(new JsonObject().put("op", "fly").put("ok", false).put("ref", 9)
              .put("error", "unknown_op").put("message", "unknown op fly"), reply);
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("answers not_logged_in to every op that needs a login, before looking at its fields")
  void notLoggedIn(Vertx vertx, VertxTestContext test) {
    List<Op> needLogin = List.of(Op.values()).stream().filter(Op::needsLogin).toList();
    connect(vertx).compose(client -> {
      Future<List<JsonObject>> all = Future.succeededFuture(new ArrayList<>());
      for (Op op : needLogin) {
        all = all.compose(list -> client.request(new JsonObject().put("op", op.wireName()).put("ref", op.ordinal()))
            .map(reply -> {
              list.add(reply);
              return list;
            }));
      }
      return all;
    }).onComplete(test.succeeding(replies -> test.verify(() -> {
      assertEquals(needLogin.size(), replies.size());
      assertEquals(18, replies.size());
      for (int i = 0; i < replies.size(); i++) {
        JsonObject reply = replies.get(i);
        assertEquals(needLogin.get(i).wireName(), reply.getString("op"));
        assertEquals("not_logged_in", reply.getString("error"));
        assertEquals(needLogin.get(i).ordinal(), reply.getInteger("ref"));
      }
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("answers bad_request to ill-typed fields of register and login")
  void illTypedFields(Vertx vertx, VertxTestContext test) {
    List<JsonObject> requests = List.of(
        new JsonObject().put("op", "register").put("name", 5).put("password", "secret1"),
        new JsonObject().put("op", "register").put("name", "a"),
        new JsonObject().put("op", "register").putNull("name").put("password", "secret1"),
        new JsonObject().put("op", "login").put("id", "5").put("password", "secret1"),
        new JsonObject().put("op", "login").put("id", 1.5).put("password", "secret1"),
        new JsonObject().put("op", "login").put("id", 99999999999L).put("password", "secret1"),
        new JsonObject().put("op", "login").put("name", true).put("password", "secret1"),
        new JsonObject().put("op", "login").put("password", "secret1"),
        new JsonObject().put("op", "login").put("name", "a").put("password", 123456));
    connect(vertx).compose(client -> {
      Future<List<JsonObject>> all = Future.succeededFuture(new ArrayList<>());
      for (JsonObject request : requests) {
        all = all.compose(list -> client.request(request).map(reply -> {
          list.add(reply);
          return list;
        }));
      }
      return all;
    }).onComplete(test.succeeding(replies -> test.verify(() -> {
      for (int i = 0; i < replies.size(); i++) {
        assertEquals("bad_request", replies.get(i).getString("error"), requests.get(i).encode());
      }
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("answers unavailable when the service behind an op is not running")
  void unavailable(Vertx vertx, VertxTestContext test) {
    connect(vertx).compose(client -> client.request("register", "name", "alice", "password", "secret1"))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertEquals("unavailable", reply.getString("error"));
          assertEquals("register", reply.getString("op"));
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("answers pipelined requests one reply each, in request order")
  void pipelined(Vertx vertx, VertxTestContext test) {
    StringBuilder burst = new StringBuilder();
    int count = 300;
    for (int i = 0; i < count; i++) {
      switch (i % 4) {
        case 0 -> burst.append("{\"op\":\"ping\",\"ref\":").append(i).append("}\n");
        case 1 -> burst.append("{\"op\":\"register\",\"name\":\"x\",\"password\":\"secret1\",\"ref\":").append(i).append("}\n");
        case 2 -> burst.append("{\"op\":\"nope\",\"ref\":").append(i).append("}\r\n\n");
        default -> burst.append("{\"op\":\"send\",\"ref\":").append(i).append("}\n");
      }
    }
    connect(vertx).compose(client -> client.sendRaw(burst.toString()).compose(v -> {
      Future<List<JsonObject>> all = Future.succeededFuture(new ArrayList<>());
      for (int i = 0; i < count; i++) {
        all = all.compose(list -> client.nextReply().map(reply -> {
          list.add(reply);
          return list;
        }));
      }
      return all;
    })).onComplete(test.succeeding(replies -> test.verify(() -> {
      for (int i = 0; i < count; i++) {
        assertEquals(i, replies.get(i).getInteger("ref"));
      }
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("ignores empty lines and drops the \\r of a \\r\\n line end")
  void emptyLines(Vertx vertx, VertxTestContext test) {
    connect(vertx).compose(client -> client.sendRaw("\n\r\n\n{\"op\":\"ping\",\"ref\":1}\r\n").compose(v -> client.nextReply()))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertEquals(1, reply.getInteger("ref"));
          assertTrue(reply.getBoolean("ok"));
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("accepts a frame of exactly the limit, split over many writes")
  void frameAtLimit(Vertx vertx, VertxTestContext test) {
    String head = "{\"op\":\"ping\",\"ref\":\"";
    String tail = "\"}";
    String line = head + "x".repeat(FRAME_LIMIT - head.length() - tail.length()) + tail;
    assertEquals(FRAME_LIMIT, line.length());
    connect(vertx).compose(client -> {
      Future<Void> writes = Future.succeededFuture();
      for (int i = 0; i < line.length(); i += 100) {
        String piece = line.substring(i, Math.min(line.length(), i + 100));
        writes = writes.compose(v -> client.sendRaw(piece));
      }
      return writes.compose(v -> client.sendRaw("\r\n")).compose(v -> client.nextReply());
    }).onComplete(test.succeeding(reply -> test.verify(() -> {
      assertTrue(reply.getBoolean("ok"));
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("answers frame_too_large, says bye and closes on a whole line over the limit")
  void oversizedLine(Vertx vertx, VertxTestContext test) {
    String line = "{\"op\":\"ping\",\"ref\":\"" + "x".repeat(FRAME_LIMIT) + "\"}\n";
    oversized(vertx, test, client -> client.sendRaw("{\"op\":\"ping\",\"ref\":1}\n" + line + "{\"op\":\"ping\",\"ref\":2}\n"));
  }

  @Test
  @DisplayName("answers frame_too_large, says bye and closes when an unterminated line passes the limit")
  void oversizedPartialLine(Vertx vertx, VertxTestContext test) {
    oversized(vertx, test, client -> client.sendRaw("{\"op\":\"ping\",\"ref\":1}\n" + "y".repeat(FRAME_LIMIT * 3)));
  }

  private void oversized(Vertx vertx, VertxTestContext test, Function<LineClient, Future<Void>> send) {
    connect(vertx).compose(client -> OversizedFrame.answers(client, send))
        .onComplete(test.succeeding(frames -> test.verify(() -> {
          OversizedFrame.assertAnswered(frames);
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("says bye and closes a connection that sends no frame for the idle timeout")
  void idleTimeout(Vertx vertx, VertxTestContext test) {
    long started = System.currentTimeMillis();
    deployGateway(vertx, 1).compose(idlePort -> LineClient.connect(vertx, idlePort))
        .compose(client -> client.nextEvent("bye").compose(bye -> client.closed().map(bye)))
        .onComplete(test.succeeding(bye -> test.verify(() -> {
          assertEquals("idle_timeout", bye.getString("reason"));
          assertTrue(System.currentTimeMillis() - started >= 900);
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("keeps a connection that pings open past the idle timeout")
  void pingKeepsAlive(Vertx vertx, VertxTestContext test) {
    deployGateway(vertx, 1).compose(idlePort -> LineClient.connect(vertx, idlePort)).onComplete(test.succeeding(client -> {
      long timer = vertx.setPeriodic(300, tick -> client.send(new JsonObject().put("op", "ping")));
      vertx.setTimer(2500, done -> test.verify(() -> {
        vertx.cancelTimer(timer);
        assertFalse(client.isClosed());
        test.completeNow();
      }));
    }));
  }

  @Test
  @DisplayName("answers every request of a client that half-closes, the last one without its line end too, then closes")
  void halfClose(Vertx vertx, VertxTestContext test) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write("{\"op\":\"ping\",\"ref\":1}\n{\"op\":\"register\",\"name\":\"a\",\"password\":\"secret1\",\"ref\":2}"
          .getBytes(StandardCharsets.UTF_8));
      socket.shutdownOutput();
      socket.setSoTimeout(5000);
      String received = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String[] lines = received.split("\n");
      assertEquals(3, lines.length, received);
      assertEquals(1, new JsonObject(lines[1]).getInteger("ref"));
      assertEquals("unavailable", new JsonObject(lines[2]).getString("error"));
      assertEquals(2, new JsonObject(lines[2]).getInteger("ref"));
    }
    test.completeNow();
  }
}
