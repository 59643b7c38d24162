package io.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ConfigKeys;
import io.chat.testkit.ClientEndpoint;
import io.chat.testkit.ClientTransport;
import io.chat.testkit.LineClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Limits that keep one client from costing everyone else: request rate, bad frames, connections. */
@ExtendWith(VertxExtension.class)
@DisplayName("A node, under floods")
class FloodEndToEndTest {

  @RegisterExtension
  static RunningNode node = new RunningNode(
      ConfigKeys.RATE_LIMIT, 20, ConfigKeys.RATE_BURST, 20,
      ConfigKeys.MAX_CONNECTIONS_PER_ADDRESS, 3,
      ConfigKeys.MAX_CONNECTIONS, 8,
      ConfigKeys.CONNECT_RATE, 2, ConfigKeys.CONNECT_BURST, 6);

  private Future<LineClient> connect(Vertx vertx, ClientTransport transport, String from) {
    return LineClient.connect(vertx, ClientEndpoint.of(transport, "127.0.0.1", NodeHarness.port(node.get(), transport))
        .from(from));
  }

  /** A client address of its own for each transport: the caps count per address across the class. */
  private static String address(ClientTransport transport, int third, int fourth) {
    return "127.0." + (third + 2 * transport.ordinal()) + "." + fourth;
  }

  @OverEachTransport
  @DisplayName("answers rate_limited past the burst, with op and ref, and serves the connection again after")
  void rateLimit(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    connect(vertx, transport, address(transport, 0, 21)).compose(client -> {
      StringBuilder burst = new StringBuilder();
      for (int i = 0; i < 60; i++) {
        burst.append("{\"op\":\"ping\",\"ref\":").append(i).append("}\n");
      }
      List<Future<JsonObject>> replies = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        replies.add(client.nextReply());
      }
      return client.sendRaw(burst.toString())
          .compose(v -> Future.all(replies))
          .compose(all -> vertx.timer(1500).compose(t -> client.request("ping")).map(later -> {
            List<JsonObject> answered = all.list();
            test.verify(() -> {
              long limited = answered.stream().filter(r -> "rate_limited".equals(r.getString("error"))).count();
              long ok = answered.stream().filter(r -> r.getBoolean("ok")).count();
              assertTrue(limited >= 30, "limited " + limited);
              assertTrue(ok >= 20, "ok " + ok);
              JsonObject refused = answered.stream().filter(r -> !r.getBoolean("ok")).findFirst().orElseThrow();
              assertEquals("ping", refused.getString("op"));
              assertTrue(refused.containsKey("ref"));
              assertTrue(later.getBoolean("ok"));
            });
            return later;
          }).eventually(client::close));
    }).onComplete(test.succeedingThenComplete());
  }

  @OverEachTransport
  @DisplayName("counts bad frames against the request budget like any other frame, and never closes for them")
  void badFramesAreRequests(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    connect(vertx, transport, address(transport, 0, 22)).compose(client -> {
      List<Future<JsonObject>> replies = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        replies.add(client.nextReply());
      }
      return client.sendRaw("a\n{\"op\":1}\n[]\n{\"op\":\"fly\"}\n".repeat(10))
          .compose(v -> Future.all(replies))
          .compose(all -> vertx.timer(1500).compose(t -> client.request("ping")).map(later -> {
            test.verify(() -> {
              List<String> errors = all.<JsonObject>list().stream().map(r -> r.getString("error")).toList();
              assertEquals(List.of("bad_json", "bad_request", "bad_json", "unknown_op"), errors.subList(0, 4));
              long limited = errors.stream().filter("rate_limited"::equals).count();
              assertTrue(limited >= 15, "rate_limited " + limited + " of 40 bad frames at a burst of 20");
              assertTrue(later.getBoolean("ok"), "still open");
            });
            return later;
          }).eventually(client::close));
    }).onComplete(test.succeedingThenComplete());
  }

  @OverEachTransport
  @DisplayName("refuses a fourth connection from one address with bye, and takes one again when a slot frees")
  void perAddressCap(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    String from = address(transport, 0, 23);
    Future.all(connect(vertx, transport, from), connect(vertx, transport, from), connect(vertx, transport, from))
        .compose(three -> connect(vertx, transport, from).transform(fourth -> {
          test.verify(() -> {
            assertTrue(fourth.failed());
            assertTrue(fourth.cause().getMessage().contains("too_many_connections"), fourth.cause().getMessage());
          });
          return three.<LineClient>resultAt(0).close()
              .compose(closed -> vertx.timer(300))
              .compose(t -> connect(vertx, transport, from))
              .compose(again -> connect(vertx, transport, address(transport, 0, 24))
                  .compose(other -> Future.join(again.close(), other.close(), three.<LineClient>resultAt(1).close(),
                      three.<LineClient>resultAt(2).close())));
        }))
        .compose(closed -> vertx.timer(300))
        .onComplete(test.succeedingThenComplete());
  }

  @OverEachTransport
  @DisplayName("refuses, with bye before hello, an address that opens connections faster than its connect rate, and takes it again once its budget refills")
  void connectRate(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    String from = address(transport, 0, 25);
    Future<Void> burst = Future.succeededFuture();
    for (int i = 0; i < 6; i++) {
      burst = burst.compose(v -> connect(vertx, transport, from)).compose(LineClient::close);
    }
    burst.compose(sixClosed -> connect(vertx, transport, from).transform(seventh -> {
          test.verify(() -> {
            assertTrue(seventh.failed(), "the seventh connection at once was taken");
            assertTrue(seventh.cause().getMessage().contains("too_many_connections"), seventh.cause().getMessage());
          });
          return connect(vertx, transport, address(transport, 0, 26));
        }))
        .compose(otherAddress -> otherAddress.close())
        // Two new connections a second: one more after half a second.
        .compose(v -> vertx.timer(700))
        .compose(t -> connect(vertx, transport, from))
        .compose(LineClient::close)
        .onComplete(test.succeedingThenComplete());
  }

  @OverEachTransport
  @DisplayName("refuses connections past the node's cap, whatever their address")
  void nodeCap(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    List<Future<LineClient>> clients = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      clients.add(connect(vertx, transport, address(transport, 1, i + 1)));
    }
    Future.join(clients).otherwiseEmpty().compose(v -> {
      test.verify(() -> {
        long refused = clients.stream().filter(Future::failed).count();
        assertTrue(refused >= 4, "refused " + refused);
        clients.stream().filter(Future::failed).forEach(failed ->
            assertTrue(failed.cause().getMessage().contains("too_many_connections")));
      });
      // Free the slots for the other tests of this node.
      return Future.join(clients.stream().filter(Future::succeeded).map(ok -> ok.result().close()).toList())
          .compose(closed -> vertx.timer(300));
    }).onComplete(test.succeedingThenComplete());
  }
}
