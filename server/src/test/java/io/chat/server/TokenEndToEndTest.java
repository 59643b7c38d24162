package io.chat.server;

import static io.chat.server.Cluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ConfigKeys;
import io.chat.server.NodeHarness.User;
import io.chat.store.RedisStore;
import io.chat.testkit.ClientEndpoint;
import io.chat.testkit.ClientTransport;
import io.chat.testkit.LineClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Login tokens over TCP and WebSocket: given by every login, good without the password, revoked by logout. */
@DisplayName("A node, for login tokens")
class TokenEndToEndTest {

  private static final int TOKEN_FAILURES = 3;

  @RegisterExtension
  static RunningNode node = new RunningNode(ConfigKeys.TOKEN_FAILURES, TOKEN_FAILURES);

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  /**
   * A connection from 127.0.0.&lt;host&gt;, one address range per transport: the token failures of one
   * address count across the test class.
   */
  private static LineClient connect(ClientTransport transport, int host) throws Exception {
    String from = "127.0.0." + (host + 10 * transport.ordinal());
    return await(LineClient.connect(vertx, ClientEndpoint.of(transport, "127.0.0.1", NodeHarness.port(node.get(), transport))
        .from(from)));
  }

  private static JsonObject tokenLogin(LineClient client, Object token) throws Exception {
    return await(client.request("login", "token", token));
  }

  @OverEachTransport
  @DisplayName("gives every login a token of 256 random bits, base64url, that logs the user in again without the password")
  void tokenLogsIn(ClientTransport transport) throws Exception {
    User alice = await(NodeHarness.newUser(vertx, node.get(), transport, "t"));
    String token = alice.login().getString("token");
    assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
    LineClient again = connect(transport, 31);
    JsonObject login = tokenLogin(again, token);
    assertTrue(login.getBoolean("ok"), login.encode());
    assertEquals(alice.ref(), login.getJsonObject("user"));
    assertEquals(token, login.getString("token"));
    User other = await(NodeHarness.session(vertx, node.get(), alice));
    assertFalse(token.equals(other.login().getString("token")), "each password login has its own token");
    await(alice.client().close());
    assertTrue(tokenLogin(connect(transport, 31), token).getBoolean("ok"), "a dropped connection keeps its token");
  }

  @OverEachTransport
  @DisplayName("revokes the token of a session that logs out; an unknown token is bad_credentials, one of the wrong type bad_request")
  void logoutRevokes(ClientTransport transport) throws Exception {
    User bob = await(NodeHarness.newUser(vertx, node.get(), transport, "t"));
    String token = bob.login().getString("token");
    assertTrue(await(bob.client().request("logout")).getBoolean("ok"));
    LineClient client = connect(transport, 32);
    JsonObject revoked = tokenLogin(client, token);
    assertEquals("bad_credentials", revoked.getString("error"), revoked.encode());
    assertEquals("bad_credentials", tokenLogin(client, "no-such-token").getString("error"));
    assertEquals("bad_request", tokenLogin(client, 42).getString("error"));
    assertEquals("bad_request", tokenLogin(client, null).getString("error"));
  }

  @Test
  @DisplayName("keeps only a hash of a token in Redis, expiring, never the token")
  void storesHashes() throws Exception {
    User carol = await(NodeHarness.newUser(vertx, node.get(), "t"));
    String token = carol.login().getString("token");
    Redis redis = RedisStore.client(vertx, node.stores().config());
    try {
      Response keys = await(redis.send(Request.cmd(Command.KEYS).arg(node.stores().redisPrefix() + "token:*")));
      List<String> names = new ArrayList<>();
      keys.forEach(key -> names.add(key.toString()));
      assertFalse(names.isEmpty());
      for (String key : names) {
        assertFalse(key.contains(token), key);
        assertFalse(await(redis.send(Request.cmd(Command.GET).arg(key))).toString().contains(token));
        long ttl = await(redis.send(Request.cmd(Command.PTTL).arg(key))).toLong();
        assertTrue(ttl > 0 && ttl <= 30L * 86_400_000, "expires within 30 days: " + ttl);
      }
    } finally {
      redis.close();
    }
  }

  @OverEachTransport
  @DisplayName("does not count token logins as failed passwords, and limits failed token logins per address")
  void limits(ClientTransport transport) throws Exception {
    User dave = await(NodeHarness.newUser(vertx, node.get(), transport, "t"));
    String token = dave.login().getString("token");
    LineClient guesser = connect(transport, 33);
    for (int i = 0; i < 5; i++) {
      await(guesser.request("login", "name", dave.name(), "password", "wrong-" + i));
    }
    JsonObject limited = await(guesser.request("login", "name", dave.name(), "password", NodeHarness.password(dave.name())));
    assertEquals("rate_limited", limited.getString("error"), "the name is limited for passwords");
    assertTrue(tokenLogin(connect(transport, 34), token).getBoolean("ok"), "a token is no password");
    LineClient flooder = connect(transport, 35);
    for (int i = 0; i < TOKEN_FAILURES; i++) {
      assertEquals("bad_credentials", tokenLogin(flooder, "guess-" + i).getString("error"));
    }
    assertEquals("rate_limited", tokenLogin(flooder, token).getString("error"), "this address tried too many");
    assertTrue(tokenLogin(connect(transport, 36), token).getBoolean("ok"), "other addresses are not limited");
  }
}
