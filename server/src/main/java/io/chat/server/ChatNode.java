package io.chat.server;

import io.chat.auth.AuthVerticle;
import io.chat.common.config.ChatConfig;
import io.chat.gateway.Gateway;
import io.chat.gateway.GatewayVerticle;
import io.chat.gateway.delivery.DeliveryVerticle;
import io.chat.message.MessageVerticle;
import io.chat.social.SocialVerticle;
import io.chat.store.MySqlStore;
import io.chat.store.SchemaInstaller;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.mysqlclient.MySQLConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One chat node: applies the schema, then deploys the services, the node's delivery address
 * and the gateway instances, in that order, so the port opens only when everything behind it
 * is ready. Stopping reverses the order: gateways say {@code bye} first.
 */
public final class ChatNode {

  private final Vertx vertx;
  private final ChatConfig config;
  private final List<String> deployments = new ArrayList<>();
  private int port;

  private ChatNode(Vertx vertx, ChatConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  public static Future<ChatNode> start(ChatConfig config) {
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions()
            .setEventLoopPoolSize(config.eventLoops())
            .setPreferNativeTransport(true))
        .build();
    ChatNode node = new ChatNode(vertx, config);
    return node.deploy()
        .map(node)
        .recover(failure -> {
          // Not composed on: listeners of Vert.x's own close would run on its closed event loops.
          vertx.close();
          return Future.failedFuture(failure);
        });
  }

  private Future<Void> deploy() {
    DeploymentOptions service = new DeploymentOptions().setConfig(config.json());
    Gateway gateway = new Gateway(vertx, config);
    AtomicReference<GatewayVerticle> firstGateway = new AtomicReference<>();
    return SchemaInstaller.install(vertx, config)
        .recover(failure -> Future.failedFuture(new StartupException(mysqlProblem(failure))))
        .compose(v -> deploy(AuthVerticle::new, service))
        .compose(v -> deploy(SocialVerticle::new, service))
        .compose(v -> deploy(MessageVerticle::new, service))
        .compose(v -> deploy(() -> new DeliveryVerticle(gateway), new DeploymentOptions()))
        .compose(v -> deploy(() -> {
          GatewayVerticle verticle = new GatewayVerticle(gateway);
          firstGateway.compareAndSet(null, verticle);
          return verticle;
        }, new DeploymentOptions().setInstances(config.gatewayInstances())))
        .map(v -> {
          port = firstGateway.get().actualPort();
          return null;
        });
  }

  private Future<Void> deploy(java.util.function.Supplier<? extends io.vertx.core.Deployable> verticle,
      DeploymentOptions options) {
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

  public int port() {
    return port;
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

  private String mysqlProblem(Throwable failure) {
    MySQLConnectOptions target;
    try {
      target = MySqlStore.connectOptions(config);
    } catch (IllegalArgumentException e) {
      return "CHAT_MYSQL_URI is not a MySQL URI: " + config.mysqlUri();
    }
    return "cannot set up the database " + target.getDatabase() + " on MySQL at " + target.getHost() + ":"
        + target.getPort() + ": " + failure.getMessage();
  }

  /** A start-up failure with a message meant for the operator (no stack trace needed). */
  public static final class StartupException extends RuntimeException {
    public StartupException(String message) {
      super(message, null, false, false);
    }
  }
}
