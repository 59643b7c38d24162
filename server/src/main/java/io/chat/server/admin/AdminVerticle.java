package io.chat.server.admin;

import io.chat.common.bus.ActionRouter;
import io.chat.common.bus.ServiceClient;
import io.chat.common.config.ChatConfig;
import io.chat.common.config.Role;
import io.chat.store.MySqlStore;
import io.chat.store.RedisStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The node's admin HTTP listener ({@code CHAT_ADMIN_HOST}:{@code CHAT_ADMIN_PORT}):
 * {@code /health} (the process answers), {@code /ready} (what this node depends on answers:
 * MySQL and Redis where it runs a service, the services where it runs a gateway, the cluster
 * where it is clustered; 503 with the reasons otherwise) and {@code /metrics} (Prometheus
 * text).
 */
public final class AdminVerticle extends VerticleBase {

  private static final long CHECK_MILLIS = 2_000;

  private final ChatConfig config;
  private final PrometheusMeterRegistry registry;
  private final Supplier<String> clusterProblem;
  private HttpServer server;
  private Pool pool;
  private Redis redis;
  private ServiceClient services;

  /**
   * @param clusterProblem what is wrong with this node's cluster membership, or null when all
   *     is well (always null for a node that does not cluster)
   */
  public AdminVerticle(ChatConfig config, PrometheusMeterRegistry registry, Supplier<String> clusterProblem) {
    this.config = config;
    this.registry = registry;
    this.clusterProblem = clusterProblem;
  }

  @Override
  public Future<?> start() {
    if (runsServices()) {
      pool = MySqlStore.pool(vertx, config);
      redis = RedisStore.client(vertx, config);
    }
    services = ServiceClient.of(vertx.eventBus(), config);
    server = vertx.createHttpServer().requestHandler(this::handle);
    return server.listen(config.adminPort(), config.adminHost());
  }

  @Override
  public Future<?> stop() {
    List<Future<?>> closing = new ArrayList<>(List.of(server.close()));
    if (pool != null) {
      closing.add(pool.close());
      closing.add(redis.close());
    }
    return Future.join(closing);
  }

  public int actualPort() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    switch (request.path()) {
      case "/health" -> json(request, 200, new JsonObject().put("status", "up").put("node", config.nodeId()));
      case "/ready" -> problems().onComplete(done -> {
        List<String> problems = done.result();
        json(request, problems.isEmpty() ? 200 : 503, new JsonObject()
            .put("ready", problems.isEmpty())
            .put("node", config.nodeId())
            .put("problems", new JsonArray(problems)));
      });
      case "/metrics" -> request.response()
          .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
          .end(registry.scrape());
      default -> request.response().setStatusCode(404).end();
    }
  }

  /** Every dependency checked at once, each within two seconds; empty when all answer. */
  private Future<List<String>> problems() {
    List<Future<String>> checks = new ArrayList<>();
    if (runsServices()) {
      checks.add(check("mysql", pool.query("SELECT 1").execute()));
      checks.add(check("redis", redis.send(Request.cmd(Command.PING))));
    }
    if (config.roles().contains(Role.GATEWAY)) {
      for (Role role : Role.values()) {
        if (role.address() != null) {
          checks.add(check(role.name().toLowerCase() + " service",
              services.request(role.address(), ActionRouter.PING, new JsonObject())));
        }
      }
    }
    String cluster = clusterProblem.get();
    return Future.join(checks).transform(done -> {
      List<String> problems = new ArrayList<>();
      if (cluster != null) {
        problems.add("cluster: " + cluster);
      }
      for (Future<String> check : checks) {
        if (check.result() != null) {
          problems.add(check.result());
        }
      }
      return Future.succeededFuture(problems);
    });
  }

  private Future<String> check(String what, Future<?> probe) {
    return probe.timeout(CHECK_MILLIS, TimeUnit.MILLISECONDS)
        .<String>map(answered -> null)
        .otherwise(failure -> what + ": " + failure.getMessage());
  }

  private boolean runsServices() {
    return config.roles().stream().anyMatch(role -> role != Role.GATEWAY);
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
