package io.chat.common.config;

import io.chat.common.protocol.Limits;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The node's configuration, parsed and checked once: every value is read into its type when the
 * object is made, and a value the node cannot run with throws a {@link ConfigException} naming
 * its key, so a bad setting stops the node at start-up instead of failing later at its point of
 * use. The keys are those of {@link ConfigKeys}; their meaning is in the README.
 *
 * <p>Over 300 lines only because it holds one typed field and one accessor per key; all the
 * checking is in the constructor, with {@link ConfigReader}.
 */
public final class ChatConfig {

  private static final SecureRandom RANDOM = new SecureRandom();
  /** Node ids go into event-bus addresses, Redis keys and message ids. */
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  /** The database name goes into DDL, where it cannot be a parameter. */
  private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
  /** The widest column of chat.sql for each content limit. */
  private static final int NAME_COLUMN = 50;
  private static final int DESC_COLUMN = 200;
  private static final int TEXT_COLUMN = 16_000;
  /** A cluster member: a host, or host:port (Hazelcast stops the JVM on a port range such as 5701-5710). */
  private static final Pattern MEMBER = Pattern.compile("[^\\s,:]+(:\\d{1,5})?");
  /** An origin as a browser sends it: scheme://host[:port], nothing after. */
  private static final Pattern ORIGIN = Pattern.compile("https?://[^\\s/?#@,]+");

  private final JsonObject json;
  private final String host;
  private final int port;
  private final String nodeId;
  private final String mysqlUri;
  private final String database;
  private final int mysqlPoolSize;
  private final String redisUri;
  private final String redisPrefix;
  private final long idleTimeoutMillis;
  private final int frameLimit;
  private final int passwordIterations;
  private final int loginFailures;
  private final long loginFailureWindowMillis;
  private final long tokenTtlMillis;
  private final int tokenFailures;
  private final long requestTimeoutMillis;
  private final int eventLoops;
  private final int gatewayInstances;
  private final Limits limits;
  private final long presenceTtlMillis;
  private final long relationMaxAgeMillis;
  private final int offlineBatch;
  private final int logWriters;
  private final Set<Role> roles;
  private final boolean clustered;
  private final String clusterHost;
  private final int clusterPort;
  private final int clusterBusPort;
  private final List<String> clusterMembers;
  private final String hazelcastConfig;
  private final Route route;
  private final String adminHost;
  private final int adminPort;
  private final int outboundLimit;
  private final int rateLimit;
  private final int rateBurst;
  private final int maxConnections;
  private final int maxConnectionsPerAddress;
  private final int connectRate;
  private final int connectBurst;
  private final String tlsCert;
  private final String tlsKey;
  private final PushSettings push;
  private final String wsHost;
  private final int wsPort;
  private final Set<String> wsOrigins;

  /** Reads and checks every key; throws a {@link ConfigException} for the first bad one. */
  public ChatConfig(JsonObject merged) {
    ConfigReader read = new ConfigReader(merged);
    String node = read.string(ConfigKeys.NODE);
    nodeId = node.isEmpty() ? generatedNodeId() : node;
    if (!NODE_ID.matcher(nodeId).matches()) {
      throw new ConfigException(ConfigKeys.NODE, "may hold only letters, digits, '.', '_' and '-' (1 to 64), not '"
          + nodeId + "'");
    }
    json = merged.copy().put(ConfigKeys.NODE, nodeId);
    host = read.required(ConfigKeys.HOST);
    port = read.port(ConfigKeys.PORT, false);
    mysqlUri = read.uri(ConfigKeys.MYSQL_URI, "mysql", "mariadb");
    database = databaseOf(mysqlUri);
    mysqlPoolSize = read.integer(ConfigKeys.MYSQL_POOL_SIZE, 1, 1_000);
    redisUri = read.uri(ConfigKeys.REDIS_URI, "redis", "rediss");
    String prefix = read.string(ConfigKeys.REDIS_PREFIX);
    // Two deployments on one Redis with different databases must not see each other's keys.
    redisPrefix = prefix.isEmpty() ? "chat:" + database + ":" : prefix;
    idleTimeoutMillis = read.longValue(ConfigKeys.IDLE_TIMEOUT, 1, 86_400) * 1000;
    frameLimit = read.integer(ConfigKeys.FRAME_LIMIT, 256, 16 * 1024 * 1024);
    passwordIterations = read.integer(ConfigKeys.PASSWORD_ITERATIONS, 1, 100_000_000);
    loginFailures = read.integer(ConfigKeys.LOGIN_FAILURES, 1, 1_000_000);
    loginFailureWindowMillis = read.longValue(ConfigKeys.LOGIN_FAILURE_WINDOW, 1, 86_400) * 1000;
    tokenTtlMillis = read.longValue(ConfigKeys.TOKEN_TTL, 60, 10L * 365 * 86_400) * 1000;
    tokenFailures = read.integer(ConfigKeys.TOKEN_FAILURES, 1, 1_000_000);
    requestTimeoutMillis = read.longValue(ConfigKeys.REQUEST_TIMEOUT, 100, 600_000);
    eventLoops = orAllButOneCore(read.integer(ConfigKeys.EVENT_LOOPS, 0, 1_024));
    int instances = read.integer(ConfigKeys.GATEWAY_INSTANCES, 0, 1_024);
    gatewayInstances = instances > 0 ? instances : eventLoops;
    int passwordMin = read.integer(ConfigKeys.PASSWORD_MIN, 1, 1_024);
    limits = new Limits(read.integer(ConfigKeys.NAME_MAX, 1, NAME_COLUMN), passwordMin,
        read.integer(ConfigKeys.PASSWORD_MAX, passwordMin, 1_024), read.integer(ConfigKeys.DESC_MAX, 0, DESC_COLUMN),
        read.integer(ConfigKeys.TEXT_MAX, 1, TEXT_COLUMN));
    presenceTtlMillis = read.longValue(ConfigKeys.PRESENCE_TTL, 1, 3_600) * 1000;
    relationMaxAgeMillis = read.longValue(ConfigKeys.RELATION_MAX_AGE, 1, 86_400) * 1000;
    offlineBatch = read.integer(ConfigKeys.OFFLINE_BATCH, 1, 10_000);
    logWriters = read.integer(ConfigKeys.LOG_WRITERS, 1, 64);
    roles = Role.parse(read.string(ConfigKeys.ROLES));
    clustered = read.bool(ConfigKeys.CLUSTER);
    clusterHost = read.required(ConfigKeys.CLUSTER_HOST);
    clusterPort = read.port(ConfigKeys.CLUSTER_PORT, false);
    clusterBusPort = read.port(ConfigKeys.CLUSTER_BUS_PORT, false);
    clusterMembers = Arrays.stream(read.string(ConfigKeys.CLUSTER_MEMBERS).split(","))
        .map(String::trim).filter(member -> !member.isEmpty()).toList();
    for (String member : clusterMembers) {
      if (!MEMBER.matcher(member).matches()) {
        throw new ConfigException(ConfigKeys.CLUSTER_MEMBERS, "lists '" + member
            + "': name each member as host or host:port (no port ranges)");
      }
    }
    hazelcastConfig = read.string(ConfigKeys.HAZELCAST_CONFIG);
    route = Route.parse(read.string(ConfigKeys.ROUTE));
    adminHost = read.required(ConfigKeys.ADMIN_HOST);
    adminPort = read.port(ConfigKeys.ADMIN_PORT, true);
    outboundLimit = read.integer(ConfigKeys.OUTBOUND_LIMIT, frameLimit, Integer.MAX_VALUE);
    rateLimit = read.integer(ConfigKeys.RATE_LIMIT, 0, 1_000_000);
    rateBurst = read.integer(ConfigKeys.RATE_BURST, 1, 10_000_000);
    maxConnections = read.integer(ConfigKeys.MAX_CONNECTIONS, 1, 10_000_000);
    maxConnectionsPerAddress = read.integer(ConfigKeys.MAX_CONNECTIONS_PER_ADDRESS, 1, 10_000_000);
    connectRate = read.integer(ConfigKeys.CONNECT_RATE, 0, 1_000_000);
    connectBurst = read.integer(ConfigKeys.CONNECT_BURST, 1, 10_000_000);
    tlsCert = read.string(ConfigKeys.TLS_CERT);
    tlsKey = read.string(ConfigKeys.TLS_KEY);
    if (tlsCert.isEmpty() != tlsKey.isEmpty()) {
      throw new ConfigException(ConfigKeys.TLS_CERT, "and " + ConfigKeys.TLS_KEY
          + " go together: set both for TLS, or neither");
    }
    push = new PushSettings(read);
    String ws = read.string(ConfigKeys.WS_HOST);
    wsHost = ws.isEmpty() ? host : ws;
    wsPort = read.port(ConfigKeys.WS_PORT, true);
    // Two Vert.x servers on one host and port share its connections instead of failing to bind.
    refuseSharedPort(ConfigKeys.PORT, host, port);
    refuseSharedPort(ConfigKeys.ADMIN_PORT, adminHost, adminPort);
    wsOrigins = origins(read.string(ConfigKeys.WS_ORIGINS));
  }

  /** The merged configuration, with the node id filled in (for tests that derive another node's). */
  public JsonObject json() {
    return json.copy();
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String nodeId() {
    return nodeId;
  }

  public String mysqlUri() {
    return mysqlUri;
  }

  /** The database named by {@code CHAT_MYSQL_URI}. */
  public String database() {
    return database;
  }

  public int mysqlPoolSize() {
    return mysqlPoolSize;
  }

  public String redisUri() {
    return redisUri;
  }

  /** {@code CHAT_REDIS_PREFIX}, or when it is empty {@code chat:<database>:}. */
  public String redisPrefix() {
    return redisPrefix;
  }

  public long idleTimeoutMillis() {
    return idleTimeoutMillis;
  }

  public int frameLimit() {
    return frameLimit;
  }

  public int passwordIterations() {
    return passwordIterations;
  }

  public int loginFailures() {
    return loginFailures;
  }

  public long loginFailureWindowMillis() {
    return loginFailureWindowMillis;
  }

  /** How long a login token logs its user in. */
  public long tokenTtlMillis() {
    return tokenTtlMillis;
  }

  /** Failed token logins from one address within the failure window before that address is refused. */
  public int tokenFailures() {
    return tokenFailures;
  }

  public long requestTimeoutMillis() {
    return requestTimeoutMillis;
  }

  /** Event-loop threads (a configured 0 is one per core but one, and at least one). */
  public int eventLoops() {
    return eventLoops;
  }

  /** Gateway verticle instances (a configured 0 is one per event loop). */
  public int gatewayInstances() {
    return gatewayInstances;
  }

  public Limits limits() {
    return limits;
  }

  public long presenceTtlMillis() {
    return presenceTtlMillis;
  }

  /** How long the message path trusts a cached friendship or membership without asking again. */
  public long relationMaxAgeMillis() {
    return relationMaxAgeMillis;
  }

  public int offlineBatch() {
    return offlineBatch;
  }

  /** How many log writers a message service runs side by side, each with one batch in flight. */
  public int logWriters() {
    return logWriters;
  }

  /** The roles this node plays (which verticles it deploys). */
  public Set<Role> roles() {
    return roles;
  }

  /** Whether this node joins a Hazelcast cluster (clustered event bus). */
  public boolean clustered() {
    return clustered;
  }

  public String clusterHost() {
    return clusterHost;
  }

  public int clusterPort() {
    return clusterPort;
  }

  public int clusterBusPort() {
    return clusterBusPort;
  }

  /** {@code CHAT_CLUSTER_MEMBERS}: {@code host} or {@code host:port} entries. */
  public List<String> clusterMembers() {
    return clusterMembers;
  }

  /** A Hazelcast XML file to use instead of the built-in one; empty for the built-in one. */
  public String hazelcastConfig() {
    return hazelcastConfig;
  }

  /** How deliveries and broadcasts cross nodes. */
  public Route route() {
    return route;
  }

  public String adminHost() {
    return adminHost;
  }

  /** The admin listener's port; -1 when it is off, 0 for any free one. */
  public int adminPort() {
    return adminPort;
  }

  /** Bytes a connection may have waiting to be written before it counts as a slow consumer. */
  public int outboundLimit() {
    return outboundLimit;
  }

  public int rateLimit() {
    return rateLimit;
  }

  public int rateBurst() {
    return rateBurst;
  }

  public int maxConnections() {
    return maxConnections;
  }

  public int maxConnectionsPerAddress() {
    return maxConnectionsPerAddress;
  }

  /** New connections per second one client address may open on average (0: no limit). */
  public int connectRate() {
    return connectRate;
  }

  /** New connections one client address may open at once. */
  public int connectBurst() {
    return connectBurst;
  }

  /** Whether the client port speaks TLS ({@link #tlsCert()} and {@link #tlsKey()} are set). */
  public boolean tls() {
    return !tlsCert.isEmpty();
  }

  public String tlsCert() {
    return tlsCert;
  }

  public String tlsKey() {
    return tlsKey;
  }

  /** The push service's settings: its queue, retries and providers. */
  public PushSettings push() {
    return push;
  }

  /** {@code CHAT_WS_HOST}, or when it is empty {@code CHAT_HOST}. */
  public String wsHost() {
    return wsHost;
  }

  /** The WebSocket and web client port; -1 when it is off, 0 for any free one. */
  public int wsPort() {
    return wsPort;
  }

  /**
   * Origins, besides the page's own, whose pages may open a WebSocket ({@code CHAT_WS_ORIGINS}),
   * lower case, as a browser sends them: {@code scheme://host[:port]}.
   */
  public Set<String> wsOrigins() {
    return wsOrigins;
  }

  private void refuseSharedPort(String otherKey, String otherHost, int otherPort) {
    if (wsPort > 0 && wsPort == otherPort && wsHost.equals(otherHost)) {
      throw new ConfigException(ConfigKeys.WS_PORT, "is " + otherKey + " on " + wsHost
          + " too: the WebSocket port needs a port of its own");
    }
  }

  private static Set<String> origins(String list) {
    Set<String> origins = new HashSet<>();
    for (String entry : list.split(",")) {
      String origin = entry.trim().toLowerCase(Locale.ROOT);
      if (origin.isEmpty()) {
        continue;
      }
      if (!ORIGIN.matcher(origin).matches()) {
        throw new ConfigException(ConfigKeys.WS_ORIGINS, "lists '" + entry.trim()
            + "': write an origin as a browser sends it, scheme://host[:port] with nothing after (https://chat.example.com)");
      }
      origins.add(origin);
    }
    return Set.copyOf(origins);
  }

  /**
   * The default leaves a core to what else the node's machine runs: the JIT, the collector and
   * the kernel's network work, often the database too. A message passes through one message
   * service and one log writer, so a further loop adds hand-offs between threads more than it
   * adds speed; on 2 cores one loop took a tenth less CPU per message (docs/benchmarks.md).
   */
  private static int orAllButOneCore(int configured) {
    return configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
  }

  private static String databaseOf(String uri) {
    String path;
    try {
      path = URI.create(uri).getPath();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(ConfigKeys.MYSQL_URI, "is not a URI: '" + uri + "'");
    }
    String name = path == null ? "" : path.replaceFirst("^/", "");
    if (!DATABASE_NAME.matcher(name).matches()) {
      throw new ConfigException(ConfigKeys.MYSQL_URI, "must name a database of letters, digits and _ (got '"
          + name + "')");
    }
    return name;
  }

  private static String generatedNodeId() {
    return "n" + Long.toString(RANDOM.nextLong() >>> 24, 36);
  }
}
