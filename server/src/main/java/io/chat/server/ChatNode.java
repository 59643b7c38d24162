package io.chat.server;

import io.chat.auth.AuthVerticle;
import io.chat.common.config.ChatConfig;
import io.chat.common.config.Role;
import io.chat.common.config.Route;
import io.chat.gateway.Gateway;
import io.chat.gateway.GatewayVerticle;
import io.chat.gateway.delivery.DeliveryVerticle;
import io.chat.message.MessageVerticle;
import io.chat.push.PushVerticle;
import io.chat.server.admin.AdminVerticle;
import io.chat.server.admin.NodeRegistry;
import io.chat.server.cluster.HazelcastSetup;
import io.chat.social.SocialVerticle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One chat node: joins the cluster when clustered, applies the schema and checks that Redis
 * answers when it runs a service, then deploys the services, the node's delivery address and the gateway instances its roles
 * ask for, in that order, so the port opens only when everything behind it is ready. Stopping
 * reverses the order: gateways say {@code bye} first.
 */
public final class ChatNode {

  /** The client types under which Vert.x's SQL and Redis clients report their meters. */
  private static final String SQL_CLIENT_METRICS = "sql";
  private static final String REDIS_CLIENT_METRICS = "redis";

  private final Vertx vertx;
  private final ChatConfig config;
  private final PrometheusMeterRegistry metrics;
  private final Supplier<String> clusterProblem;
  private final List<String> deployments = new ArrayList<>();
  private int port = -1;
  private int webPort = -1;
  private int adminPort = -1;

  private ChatNode(Vertx vertx, ChatConfig config, PrometheusMeterRegistry metrics, Supplier<String> clusterProblem) {
    this.vertx = vertx;
    this.config = config;
    this.metrics = metrics;
    this.clusterProblem = clusterProblem;
  }

  public static Future<ChatNode> start(ChatConfig config) {
    if (config.route() == Route.REDIS && (config.clustered() || !config.roles().containsAll(EnumSet.allOf(Role.class)))) {
      return Future.failedFuture(new StartupException(
          "CHAT_ROUTE=redis is for independent nodes: every node runs all roles and CHAT_CLUSTER is false"));
    }
    PrometheusMeterRegistry metrics = NodeRegistry.create();
    VertxOptions options = new VertxOptions()
        .setEventLoopPoolSize(config.eventLoops())
        .setPreferNativeTransport(true)
        .setMetricsOptions(metricsOptions(config));
    Future<Vertx> created;
    Supplier<String> clusterProblem = () -> null;
    if (config.clustered()) {
      HazelcastClusterManager cluster = HazelcastSetup.clusterManager(config);
      clusterProblem = () -> cluster.isActive() ? null : "this node is not a cluster member";
      created = Vertx.builder()
          .with(options.setEventBusOptions(HazelcastSetup.eventBusOptions(config)))
          .withClusterManager(cluster)
          .withMetrics(new MicrometerMetricsFactory(metrics))
          .buildClustered()
          .recover(failure -> Future.failedFuture(new StartupException("cannot join the cluster at "
              + config.clusterHost() + ": " + failure.getMessage())))
          .andThen(joined -> {
            if (joined.succeeded()) {
              HazelcastSetup.reportMembershipChanges(joined.result(), cluster);
            }
          });
    } else {
      created = Future.succeededFuture(Vertx.builder().with(options)
          .withMetrics(new MicrometerMetricsFactory(metrics)).build());
    }
    Supplier<String> clusterCheck = clusterProblem;
    return created.compose(vertx -> {
      ChatNode node = new ChatNode(vertx, config, metrics, clusterCheck);
      return node.deploy()
          .map(node)
          .recover(failure -> {
            // Not composed on: listeners of Vert.x's own close would run on its closed event loops.
            vertx.close();
            return Future.failedFuture(failure);
          });
    });
  }

  /**
   * Vert.x's own meters (JVM, worker and SQL pools) go to the node's Prometheus registry, named
   * by the node id so the node's verticles find it. The per-message categories are off: the node
   * keeps its own, cheaper counts of connections and messages. So are the per-query meters of
   * the SQL and Redis clients: each service has its own clients, whose unlabelled meters would
   * collide.
   */
  private static MicrometerMetricsOptions metricsOptions(ChatConfig config) {
    Set<String> off = Stream.of(MetricsDomain.EVENT_BUS, MetricsDomain.NET_SERVER, MetricsDomain.NET_CLIENT,
            MetricsDomain.HTTP_SERVER, MetricsDomain.HTTP_CLIENT, MetricsDomain.DATAGRAM_SOCKET)
        .map(MetricsDomain::toCategory)
        .collect(Collectors.toCollection(HashSet::new));
    off.addAll(List.of(SQL_CLIENT_METRICS, REDIS_CLIENT_METRICS));
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(config.nodeId())
        .setJvmMetricsEnabled(true)
        .setDisabledMetricsCategories(off);
  }

  private Future<Void> deploy() {
    Set<Role> roles = config.roles();
    DeploymentOptions service = new DeploymentOptions();
    Future<Void> chain = roles.stream().anyMatch(role -> role != Role.GATEWAY)
        ? StoreCheck.mysql(vertx, config).compose(v -> StoreCheck.redis(vertx, config))
        : Future.succeededFuture();
    if (config.adminPort() >= 0) {
      chain = chain.compose(v -> deployAdmin());
    }
    if (roles.contains(Role.AUTH)) {
      chain = chain.compose(v -> deploy(() -> new AuthVerticle(config), service));
    }
    if (roles.contains(Role.SOCIAL)) {
      chain = chain.compose(v -> deploy(() -> new SocialVerticle(config), service));
    }
    if (roles.contains(Role.MESSAGE)) {
      // The push service first: the message service hands it stored messages from its first send.
      chain = chain.compose(v -> deploy(() -> new PushVerticle(config), service))
          .compose(v -> deploy(() -> new MessageVerticle(config), service));
    }
    if (roles.contains(Role.GATEWAY)) {
      Gateway gateway = new Gateway(vertx, config);
      AtomicReference<GatewayVerticle> firstGateway = new AtomicReference<>();
      chain = chain
          .compose(v -> deploy(() -> new DeliveryVerticle(gateway), new DeploymentOptions()))
          .compose(v -> deploy(() -> {
            GatewayVerticle verticle = new GatewayVerticle(gateway);
            firstGateway.compareAndSet(null, verticle);
            return verticle;
          }, new DeploymentOptions().setInstances(config.gatewayInstances())))
          .map(v -> {
            port = firstGateway.get().actualPort();
            webPort = firstGateway.get().actualWebPort();
            return null;
          });
    }
    return chain;
  }

  private Future<Void> deployAdmin() {
    AtomicReference<AdminVerticle> admin = new AtomicReference<>();
    return deploy(() -> {
      admin.set(new AdminVerticle(config, metrics, clusterProblem));
      return admin.get();
    }, new DeploymentOptions())
        .recover(failure -> Future.failedFuture(new StartupException("cannot open the admin port "
            + config.adminHost() + ":" + config.adminPort() + ": "
            + failure.getMessage())))
        .map(v -> {
          adminPort = admin.get().actualPort();
          return null;
        });
  }

  private Future<Void> deploy(Supplier<? extends Deployable> verticle, DeploymentOptions options) {
    return vertx.deployVerticle(verticle, options).map(id -> {
      deployments.add(id);
      return null;
    });
  }

  /** Undeploys in reverse order (gateways first, so clients get {@code bye}), then closes Vert.x. */
  public Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      chain = chain.eventually(() -> vertx.undeploy(id));
    }
    return chain.eventually(vertx::close);
  }

  /** The admin HTTP port, or -1 when it is off. */
  public int adminPort() {
    return adminPort;
  }

  /** The client port, or -1 when this node runs no gateway. */
  public int port() {
    return port;
  }

  /** The WebSocket and web client port, or -1 when it is off or this node runs no gateway. */
  public int webPort() {
    return webPort;
  }

  public String nodeId() {
    return config.nodeId();
  }

  public ChatConfig config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** A start-up failure with a message meant for the operator (no stack trace needed). */
  public static final class StartupException extends RuntimeException {
    public StartupException(String message) {
      super(message, null, false, false);
    }
  }
}
