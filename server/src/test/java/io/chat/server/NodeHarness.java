package io.chat.server;

import io.chat.common.config.ConfigKeys;
import io.chat.testkit.ClientTransport;
import io.chat.testkit.LineClient;
import io.chat.testkit.TestPorts;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Starts a node for end-to-end tests and logs users in over TCP or WebSocket. */
final class NodeHarness {

  private NodeHarness() {
  }

  /** A node on free TCP and WebSocket ports of 127.0.0.1 with this run's stores; blocks until it listens. */
  static ChatNode start(TestStores stores, Object... overrides) throws Exception {
    int[] ports = TestPorts.free(2);
    List<Object> settings = new ArrayList<>(List.of(ConfigKeys.PORT, ports[0], ConfigKeys.WS_PORT, ports[1]));
    settings.addAll(List.of(overrides));
    return ChatNode.start(stores.config(settings.toArray())).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
  }

  static void stop(ChatNode node) throws Exception {
    if (node != null) {
      node.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  static String password(String name) {
    return "pw-" + name;
  }

  /** The node's port for this transport. */
  static int port(ChatNode node, ClientTransport transport) {
    return transport == ClientTransport.TCP ? node.port() : node.webPort();
  }

  /** A new connection to the node over this transport. */
  static Future<LineClient> connect(Vertx vertx, ChatNode node, ClientTransport transport) {
    return LineClient.connect(vertx, transport, port(node, transport));
  }

  /** Registers a new user with a unique name and logs it in on a new TCP connection. */
  static Future<User> newUser(Vertx vertx, ChatNode node, String prefix) {
    return newUser(vertx, node, ClientTransport.TCP, prefix);
  }

  /** Registers a new user with a unique name and logs it in on a new connection over this transport. */
  static Future<User> newUser(Vertx vertx, ChatNode node, ClientTransport transport, String prefix) {
    String name = unique(prefix);
    return connect(vertx, node, transport).compose(client ->
        client.request("register", "name", name, "password", password(name))
            .compose(registered -> client.request("login", "name", name, "password", password(name))
                .map(reply -> new User(registered.getJsonObject("user").getInteger("id"), name, client, reply))));
  }

  /** Logs an existing user in on another connection, over the transport of its first one. */
  static Future<User> session(Vertx vertx, ChatNode node, User user) {
    return session(vertx, node, user.client().transport(), user);
  }

  /** Logs an existing user in on another connection over this transport. */
  static Future<User> session(Vertx vertx, ChatNode node, ClientTransport transport, User user) {
    return connect(vertx, node, transport).compose(client ->
        client.request("login", "name", user.name(), "password", password(user.name()))
            .map(reply -> new User(user.id(), user.name(), client, reply)));
  }

  /** Makes two logged-in users friends and waits for the other side's friend_added. */
  static Future<Void> befriend(User a, User b) {
    return a.client().request("friend_add", "id", b.id())
        .compose(reply -> reply.getBoolean("ok")
            ? b.client().nextEvent("friend_added").mapEmpty()
            : Future.failedFuture("friend_add failed: " + reply));
  }

  /** A logged-in user: its id and name, the connection it uses, and its login reply. */
  record User(int id, String name, LineClient client, JsonObject login) {
    JsonObject ref() {
      return new JsonObject().put("id", id).put("name", name);
    }
  }
}
