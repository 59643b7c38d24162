package io.chat.common.config;

import io.chat.common.protocol.Limits;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Set;

/**
 * A typed view of the merged configuration. Values from the environment arrive as strings, so
 * every getter accepts a number or its decimal string.
 */
public final class ChatConfig {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JsonObject json;

  public ChatConfig(JsonObject json) {
    this.json = json.copy();
    String node = string(ConfigKeys.NODE);
    if (node == null || node.isBlank()) {
      this.json.put(ConfigKeys.NODE, generatedNodeId());
    }
  }

  /** The merged configuration, with the node id filled in. */
  public JsonObject json() {
    return json.copy();
  }

  public String host() {
    return string(ConfigKeys.HOST);
  }

  public int port() {
    return integer(ConfigKeys.PORT);
  }

  public String nodeId() {
    return string(ConfigKeys.NODE);
  }

  public String mysqlUri() {
    return string(ConfigKeys.MYSQL_URI);
  }

  public int mysqlPoolSize() {
    return integer(ConfigKeys.MYSQL_POOL_SIZE);
  }

  public String redisUri() {
    return string(ConfigKeys.REDIS_URI);
  }

  public String redisPrefix() {
    return string(ConfigKeys.REDIS_PREFIX);
  }

  public long idleTimeoutMillis() {
    return longValue(ConfigKeys.IDLE_TIMEOUT) * 1000;
  }

  public int frameLimit() {
    return integer(ConfigKeys.FRAME_LIMIT);
  }

  public int passwordIterations() {
    return integer(ConfigKeys.PASSWORD_ITERATIONS);
  }

  public int loginFailures() {
    return integer(ConfigKeys.LOGIN_FAILURES);
  }

  public long loginFailureWindowMillis() {
    return longValue(ConfigKeys.LOGIN_FAILURE_WINDOW) * 1000;
  }

  public long requestTimeoutMillis() {
    return longValue(ConfigKeys.REQUEST_TIMEOUT);
  }

  /** Event-loop threads; 0 means one per core. */
  public int eventLoops() {
    int configured = integer(ConfigKeys.EVENT_LOOPS);
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }

  /** Gateway verticle instances; 0 means one per core. */
  public int gatewayInstances() {
    int configured = integer(ConfigKeys.GATEWAY_INSTANCES);
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }

  public long presenceTtlMillis() {
    return longValue(ConfigKeys.PRESENCE_TTL) * 1000;
  }

  /** How long the message path trusts a cached friendship or membership without asking again. */
  public long relationMaxAgeMillis() {
    return longValue(ConfigKeys.RELATION_MAX_AGE) * 1000;
  }

  public int offlineBatch() {
    return integer(ConfigKeys.OFFLINE_BATCH);
  }

  /** The roles this node plays (which verticles it deploys). */
  public Set<Role> roles() {
    return Role.parse(string(ConfigKeys.ROLES));
  }

  /** Whether this node joins a Hazelcast cluster (clustered event bus). */
  public boolean clustered() {
    return bool(ConfigKeys.CLUSTER);
  }

  /** How deliveries and broadcasts cross nodes. */
  public Route route() {
    return Route.parse(string(ConfigKeys.ROUTE));
  }

  public Limits limits() {
    return new Limits(integer(ConfigKeys.NAME_MAX), integer(ConfigKeys.PASSWORD_MIN),
        integer(ConfigKeys.PASSWORD_MAX), integer(ConfigKeys.DESC_MAX), integer(ConfigKeys.TEXT_MAX));
  }

  public String string(String key) {
    Object value = json.getValue(key);
    return value == null ? null : value.toString();
  }

  public int integer(String key) {
    return Math.toIntExact(longValue(key));
  }

  public long longValue(String key) {
    Object value = json.getValue(key);
    if (value instanceof Number number) {
      return number.longValue();
    }
    if (value instanceof String text) {
      try {
        return Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be an integer, not '" + text + "'");
      }
    }
    throw new IllegalArgumentException(key + " is not set");
  }

  public boolean bool(String key) {
    Object value = json.getValue(key);
    if (value instanceof Boolean flag) {
      return flag;
    }
    return value != null && Boolean.parseBoolean(value.toString().trim());
  }

  private static String generatedNodeId() {
    return "n" + Long.toString(RANDOM.nextLong() >>> 24, 36);
  }
}
