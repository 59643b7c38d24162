package io.chat.server;

import io.chat.common.config.ChatConfig;
import io.chat.testkit.LineClient;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Starts nodes for end-to-end tests and logs users in over TCP. */
final class NodeHarness {

  private NodeHarness() {
  }

  /** A node on a free port of 127.0.0.1 with this run's stores. */
  static Future<ChatNode> start(TestStores stores, Object... overrides) {
    Object[] withPort = new Object[overrides.length + 2];
    withPort[0] = io.chat.common.config.ConfigKeys.PORT;
    withPort[1] = freePort();
    System.arraycopy(overrides, 0, withPort, 2, overrides.length);
    ChatConfig config = stores.config(withPort);
    return ChatNode.start(config);
  }

  static int freePort() {
    return io.chat.testkit.TestPorts.free();
  }

  /** Registers (if needed) and logs in a user; the client's login reply is returned. */
  static Future<LoggedIn> login(Vertx vertx, ChatNode node, String name) {
    return LineClient.connect(vertx, node.port()).compose(client ->
        client.request("register", "name", name, "password", "secret-" + name)
            .compose(registered -> client.request("login", "name", name, "password", "secret-" + name))
            .map(reply -> new LoggedIn(client, reply)));
  }

  record LoggedIn(LineClient client, JsonObject reply) {
    int id() {
      return reply.getJsonObject("user").getInteger("id");
    }
  }
}
