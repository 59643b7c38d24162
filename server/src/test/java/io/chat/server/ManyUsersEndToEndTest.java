package io.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chat.server.NodeHarness.User;
import io.chat.testkit.ClientTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many users at once: every one connects, registers, logs in, befriends a partner and chats;
 * half of them over TCP, half over WebSocket, so that every pair chats across the two.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A node, with 500 users at once")
class ManyUsersEndToEndTest {

  private static final int USERS = 500;
  private static final int MESSAGES = 5;

  @RegisterExtension
  static RunningNode node = new RunningNode();

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  @DisplayName("connects, logs in and delivers every message of 500 users chatting in pairs, each pair one TCP and one WebSocket user")
  void fiveHundredUsers(Vertx vertx, VertxTestContext test) {
    List<Future<User>> logins = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      logins.add(NodeHarness.newUser(vertx, node.get(), i % 2 == 0 ? ClientTransport.TCP : ClientTransport.WEBSOCKET,
          "many"));
    }
    Future.all(logins).compose(all -> {
      List<User> users = all.list();
      List<Future<Integer>> pairs = new ArrayList<>();
      for (int i = 0; i < USERS; i += 2) {
        User a = users.get(i);
        User b = users.get(i + 1);
        pairs.add(NodeHarness.befriend(a, b).compose(v -> chat(a, b)));
      }
      return Future.all(pairs);
    }).onComplete(test.succeeding(received -> test.verify(() -> {
      int total = received.<Integer>list().stream().mapToInt(Integer::intValue).sum();
      assertEquals(USERS * MESSAGES, total);
      test.completeNow();
    })));
  }

  /** Both send MESSAGES to each other at once; completes with how many arrived, checked in order. */
  private Future<Integer> chat(User a, User b) {
    for (int i = 0; i < MESSAGES; i++) {
      a.client().send(new JsonObject().put("op", "send").put("to", b.id()).put("text", "a" + i));
      b.client().send(new JsonObject().put("op", "send").put("to", a.id()).put("text", "b" + i));
    }
    return Future.all(receive(b, "a"), receive(a, "b")).map(both -> both.<Integer>resultAt(0) + both.<Integer>resultAt(1));
  }

  private Future<Integer> receive(User user, String prefix) {
    Future<Integer> count = Future.succeededFuture(0);
    for (int i = 0; i < MESSAGES; i++) {
      String expected = prefix + i;
      count = count.compose(n -> user.client().nextEvent("message").compose(event -> expected.equals(event.getString("text"))
          ? Future.succeededFuture(n + 1)
          : Future.failedFuture("expected " + expected + ", got " + event)));
    }
    return count;
  }
}
