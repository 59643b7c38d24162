package io.chat.server;

import static io.chat.server.NodeHarness.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ConfigKeys;
import io.chat.testkit.ClientTransport;
import io.chat.testkit.LineClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Accounts over TCP and WebSocket against a whole node: register, login, logout and the failed-login limit. */
@ExtendWith(VertxExtension.class)
@DisplayName("A node, for accounts")
class AccountsEndToEndTest {

  @RegisterExtension
  static RunningNode node = new RunningNode(ConfigKeys.LOGIN_FAILURE_WINDOW, 3);

  private Future<LineClient> connect(Vertx vertx, ClientTransport transport) {
    return NodeHarness.connect(vertx, node.get(), transport);
  }

  @OverEachTransport
  @DisplayName("registers, then logs in with an empty friend list, no groups and no stored messages")
  void registerAndLogin(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    String name = unique("alice");
    connect(vertx, transport).compose(client -> client.request("register", "name", name, "password", "secret1")
        .compose(registered -> client.request(new JsonObject().put("op", "login").put("name", name)
                .put("password", "secret1").put("ref", 7))
            .map(login -> List.of(registered, login))))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          JsonObject registered = replies.get(0);
          assertEquals("register", registered.getString("op"));
          assertTrue(registered.getBoolean("ok"));
          int id = registered.getJsonObject("user").getInteger("id");
          JsonObject user = new JsonObject().put("id", id).put("name", name);
          assertEquals(user, registered.getJsonObject("user"));
          JsonObject login = replies.get(1);
          assertTrue(login.getString("token").matches("[A-Za-z0-9_-]{43}"), login.encode());
          login.remove("token");
          assertEquals(new JsonObject().put("op", "login").put("ok", true).put("ref", 7).put("user", user)
              .put("friends", new JsonArray()).put("groups", new JsonArray()).put("offline", 0), login);
          test.completeNow();
        })));
  }

  @OverEachTransport
  @DisplayName("does not log in on register, and logs in by id")
  void registerDoesNotLogIn(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    String name = unique("bob");
    connect(vertx, transport).compose(client -> client.request("register", "name", name, "password", "secret1")
        .compose(registered -> client.request("friends")
            .compose(friends -> client.request("login", "id", registered.getJsonObject("user").getInteger("id"),
                    "password", "secret1")
                .map(login -> List.of(friends, login)))))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          assertEquals("not_logged_in", replies.get(0).getString("error"));
          assertEquals(name, replies.get(1).getJsonObject("user").getString("name"));
          test.completeNow();
        })));
  }

  @OverEachTransport
  @DisplayName("answers invalid_name, invalid_password and name_taken")
  void registerErrors(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    String taken = unique("taken");
    List<JsonObject> requests = List.of(
        new JsonObject().put("op", "register").put("name", taken).put("password", "secret1"),
        new JsonObject().put("op", "register").put("name", taken).put("password", "secret2"),
        new JsonObject().put("op", "register").put("name", "with space").put("password", "secret1"),
        new JsonObject().put("op", "register").put("name", "").put("password", "secret1"),
        new JsonObject().put("op", "register").put("name", "n".repeat(51)).put("password", "secret1"),
        new JsonObject().put("op", "register").put("name", unique("p")).put("password", "12345"),
        new JsonObject().put("op", "register").put("name", unique("p")).put("password", "x".repeat(129)));
    connect(vertx, transport).compose(client -> {
      Future<List<String>> all = Future.succeededFuture(new ArrayList<>());
      for (JsonObject request : requests) {
        all = all.compose(list -> client.request(request).map(reply -> {
          list.add(reply.getBoolean("ok") ? "ok" : reply.getString("error"));
          return list;
        }));
      }
      return all;
    }).onComplete(test.succeeding(codes -> test.verify(() -> {
      assertEquals(List.of("ok", "name_taken", "invalid_name", "invalid_name", "invalid_name", "invalid_password",
          "invalid_password"), codes);
      test.completeNow();
    })));
  }

  @OverEachTransport
  @DisplayName("answers an unknown user and a wrong password with identical bad_credentials replies")
  void badCredentials(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    String name = unique("carol");
    connect(vertx, transport).compose(client -> client.request("register", "name", name, "password", "secret1")
        .compose(r -> client.request("login", "name", name, "password", "wrong-one"))
        .compose(wrong -> client.request("login", "name", unique("nobody"), "password", "secret1")
            .map(unknown -> List.of(wrong, unknown))))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          assertEquals("bad_credentials", replies.get(0).getString("error"));
          assertEquals(replies.get(0), replies.get(1));
          test.completeNow();
        })));
  }

  @OverEachTransport
  @DisplayName("answers already_logged_in on a logged-in connection, and logs out keeping the connection")
  void loginLogout(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    String name = unique("dave");
    connect(vertx, transport).compose(client -> client.request("register", "name", name, "password", "secret1")
        .compose(r -> client.request("login", "name", name, "password", "secret1"))
        .compose(r -> client.request("login", "name", name, "password", "secret1"))
        .compose(again -> client.request("logout").map(logout -> List.of(again, logout)))
        .compose(replies -> client.request("friends").map(friends -> List.of(replies.get(0), replies.get(1), friends)))
        .compose(replies -> client.request("login", "name", name, "password", "secret1")
            .map(relogin -> List.of(replies.get(0), replies.get(1), replies.get(2), relogin))))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          assertEquals("already_logged_in", replies.get(0).getString("error"));
          assertEquals(new JsonObject().put("op", "logout").put("ok", true), replies.get(1));
          assertEquals("not_logged_in", replies.get(2).getString("error"));
          assertTrue(replies.get(3).getBoolean("ok"));
          test.completeNow();
        })));
  }

  @OverEachTransport
  @DisplayName("refuses a name after 5 failed logins in the window, from any connection, and only that name")
  void failedLoginLimit(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    String name = unique("erin");
    String other = unique("fay");
    Future.all(connect(vertx, transport), connect(vertx, transport)).compose(both -> {
      LineClient first = both.resultAt(0);
      LineClient second = both.resultAt(1);
      Future<Void> failures = first.request("register", "name", name, "password", "secret1")
          .compose(r -> first.request("register", "name", other, "password", "secret1")).mapEmpty();
      for (int i = 0; i < 5; i++) {
        failures = failures.compose(v -> first.request("login", "name", name, "password", "wrong-pass").map(reply -> {
          assertEquals("bad_credentials", reply.getString("error"));
          return null;
        }));
      }
      return failures
          .compose(v -> second.request("login", "name", name, "password", "secret1"))
          .compose(limited -> {
            assertEquals("rate_limited", limited.getString("error"));
            return second.request("login", "name", other, "password", "secret1");
          })
          .compose(otherName -> {
            assertTrue(otherName.getBoolean("ok"));
            return vertx.timer(3200);
          })
          .compose(later -> first.request("login", "name", name, "password", "secret1"));
    }).onComplete(test.succeeding(afterWindow -> test.verify(() -> {
      assertTrue(afterWindow.getBoolean("ok"), afterWindow.encode());
      test.completeNow();
    })));
  }

  @OverEachTransport
  @DisplayName("answers every framing and session error with its code while logged in too")
  void errorsWhileLoggedIn(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    NodeHarness.newUser(vertx, node.get(), transport, "gus").compose(user -> user.client().sendRaw("nonsense\n")
        .compose(v -> user.client().nextReply())
        .compose(badJson -> user.client().request("teleport").map(unknown -> List.of(badJson, unknown))))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          assertEquals("bad_json", replies.get(0).getString("error"));
          assertEquals("unknown_op", replies.get(1).getString("error"));
          test.completeNow();
        })));
  }

  @OverEachTransport
  @DisplayName("says hello with the node id")
  void hello(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    connect(vertx, transport).onComplete(test.succeeding(client -> test.verify(() -> {
      assertEquals(node.get().nodeId(), client.hello().getString("node"));
      assertEquals(2, client.hello().getInteger("proto"));
      assertFalse(client.isClosed());
      test.completeNow();
    })));
  }
}
