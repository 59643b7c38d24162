package io.chat.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The node's configuration")
class ChatConfigTest {

  private static ChatConfig with(String key, Object value) {
    return new ChatConfig(ConfigLoader.defaults().put(key, value));
  }

  private static String refusal(String key, Object value) {
    return assertThrows(ConfigException.class, () -> with(key, value)).getMessage();
  }

  @Test
  @DisplayName("reads numbers and booleans given as text, as the environment gives them")
  void readsText() {
    JsonObject text = ConfigLoader.defaults().put(ConfigKeys.PORT, " 7000 ").put(ConfigKeys.CLUSTER, "TRUE")
        .put(ConfigKeys.IDLE_TIMEOUT, "20");
    ChatConfig config = new ChatConfig(text);
    assertEquals(7000, config.port());
    assertTrue(config.clustered());
    assertEquals(20_000, config.idleTimeoutMillis());
  }

  @Test
  @DisplayName("refuses a bad value with a message that names its key and the value")
  void namesTheKey() {
    assertEquals("CHAT_PORT must be an integer, not 'abc'", refusal(ConfigKeys.PORT, "abc"));
    assertEquals("CHAT_PORT must be between 0 and 65535, not 70000", refusal(ConfigKeys.PORT, 70_000));
    assertEquals("CHAT_CLUSTER must be true or false, not 'yes'", refusal(ConfigKeys.CLUSTER, "yes"));
    assertTrue(refusal(ConfigKeys.NAME_MAX, 51).startsWith("CHAT_NAME_MAX "));
    assertTrue(refusal(ConfigKeys.LOG_WRITERS, 0).startsWith("CHAT_LOG_WRITERS "));
    assertTrue(refusal(ConfigKeys.REDIS_URI, "localhost:6379").startsWith("CHAT_REDIS_URI "));
    assertTrue(refusal(ConfigKeys.MYSQL_URI, "mysql://root@127.0.0.1:3306/").startsWith("CHAT_MYSQL_URI "));
    assertTrue(refusal(ConfigKeys.ROLES, "gateway,chef").startsWith("CHAT_ROLES "));
    assertTrue(refusal(ConfigKeys.ROUTE, "pigeon").startsWith("CHAT_ROUTE "));
    assertTrue(refusal(ConfigKeys.NODE, "a node").startsWith("CHAT_NODE "));
    assertTrue(refusal(ConfigKeys.CLUSTER_MEMBERS, "127.0.0.1:5701-5703").startsWith("CHAT_CLUSTER_MEMBERS "));
    assertTrue(refusal(ConfigKeys.TLS_CERT, "cert.pem").contains(ConfigKeys.TLS_KEY));
    assertTrue(refusal(ConfigKeys.PASSWORD_MAX, 3).startsWith("CHAT_PASSWORD_MAX "), "below the minimum of 6");
  }

  @Test
  @DisplayName("derives the default Redis prefix from the database, so deployments on one Redis stay apart")
  void redisPrefix() {
    ChatConfig first = with(ConfigKeys.MYSQL_URI, "mysql://root@127.0.0.1:3306/chat_a");
    ChatConfig second = with(ConfigKeys.MYSQL_URI, "mysql://root@db:3306/chat_b?useSSL=false");
    assertEquals("chat:chat_a:", first.redisPrefix());
    assertEquals("chat:chat_b:", second.redisPrefix());
    assertEquals("chat_b", second.database());
    assertEquals("mine:", with(ConfigKeys.REDIS_PREFIX, "mine:").redisPrefix());
  }

  @Test
  @DisplayName("fills in a node id when none is set, lists cluster members one by one, and leaves a core free of event loops")
  void defaults() {
    ChatConfig config = new ChatConfig(ConfigLoader.defaults()
        .put(ConfigKeys.CLUSTER_MEMBERS, " 10.0.0.1, 10.0.0.2:5702 ,"));
    assertTrue(config.nodeId().matches("n[0-9a-z]+"), config.nodeId());
    assertEquals(List.of("10.0.0.1", "10.0.0.2:5702"), config.clusterMembers());
    assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() - 1), config.eventLoops());
    assertEquals(config.eventLoops(), config.gatewayInstances());
    assertEquals(3, with(ConfigKeys.EVENT_LOOPS, "3").gatewayInstances());
    assertEquals(2, new ChatConfig(ConfigLoader.defaults().put(ConfigKeys.EVENT_LOOPS, 3)
        .put(ConfigKeys.GATEWAY_INSTANCES, 2)).gatewayInstances());
  }

  @Test
  @DisplayName("serves WebSocket on CHAT_HOST:6080 unless told otherwise, and reads the allowed origins")
  void webSocket() {
    ChatConfig defaults = new ChatConfig(ConfigLoader.defaults().put(ConfigKeys.HOST, "10.0.0.5"));
    assertEquals("10.0.0.5", defaults.wsHost());
    assertEquals(6080, defaults.wsPort());
    assertEquals(Set.of(), defaults.wsOrigins());
    ChatConfig configured = new ChatConfig(ConfigLoader.defaults().put(ConfigKeys.WS_HOST, "127.0.0.1")
        .put(ConfigKeys.WS_PORT, "-1").put(ConfigKeys.WS_ORIGINS, " https://Chat.Example.com, http://localhost:8080,"));
    assertEquals("127.0.0.1", configured.wsHost());
    assertEquals(-1, configured.wsPort());
    assertEquals(Set.of("https://chat.example.com", "http://localhost:8080"), configured.wsOrigins());
  }

  @Test
  @DisplayName("refuses a WebSocket port another listener of the node has, and an origin a browser would never send")
  void webSocketRefusals() {
    assertTrue(refusal(ConfigKeys.WS_PORT, 6000).startsWith("CHAT_WS_PORT is CHAT_PORT on 0.0.0.0"));
    assertEquals(6000, new ChatConfig(ConfigLoader.defaults().put(ConfigKeys.WS_PORT, 6000)
        .put(ConfigKeys.WS_HOST, "127.0.0.2")).wsPort(), "another address may use the same port number");
    assertTrue(assertThrows(ConfigException.class, () -> new ChatConfig(ConfigLoader.defaults()
        .put(ConfigKeys.ADMIN_HOST, "0.0.0.0").put(ConfigKeys.ADMIN_PORT, 6080))).getMessage()
        .startsWith("CHAT_WS_PORT is CHAT_ADMIN_PORT on 0.0.0.0"));
    assertTrue(refusal(ConfigKeys.WS_PORT, 70_000).startsWith("CHAT_WS_PORT "));
    assertTrue(refusal(ConfigKeys.WS_ORIGINS, "https://chat.example.com/").startsWith("CHAT_WS_ORIGINS lists "));
    assertTrue(refusal(ConfigKeys.WS_ORIGINS, "chat.example.com").startsWith("CHAT_WS_ORIGINS lists "));
    assertTrue(refusal(ConfigKeys.WS_ORIGINS, "*").startsWith("CHAT_WS_ORIGINS lists '*'"));
  }
}
