package io.chat.cli.bench;

import io.chat.cli.Await;
import io.chat.cli.CliVertx;
import io.chat.cli.ChatCli;
import io.chat.cli.ExitCodes;
import io.chat.cli.connection.Dialer;
import io.chat.cli.connection.Endpoint;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A bench scenario: sets up its users, runs, and prints a summary for people followed by one
 * JSON line with the same figures. Exits 0, or 1 when messages were lost or the run failed.
 */
abstract class Scenario implements Callable<Integer> {

  private static final long SETUP_TIMEOUT_MILLIS = 3_600_000;

  /** The top command: it holds the endpoint options every command inherits. */
  @Spec(Spec.Target.SELF)
  CommandSpec spec;

  @Mixin
  BenchOptions bench;

  Vertx vertx;
  Endpoint endpoint;
  Dialer dialer;
  NodeProbe node;
  final JsonObject result = new JsonObject();
  private final List<Context> contexts = new CopyOnWriteArrayList<>();
  private final List<BenchUser> opened = new ArrayList<>();

  /** Runs the scenario, filling {@link #result}; returns the exit code. */
  abstract int run() throws Exception;

  @Override
  public Integer call() {
    vertx = CliVertx.create(bench.threads);
    endpoint = ((ChatCli) spec.root().userObject()).endpoint();
    dialer = new Dialer(vertx, endpoint);
    result.put("endpoint", endpoint.toString());
    node = bench.pid == null ? null : new NodeProbe(bench.pid);
    try {
      Await.result(vertx.deployVerticle(Anchor::new, new DeploymentOptions().setInstances(bench.threads)), 10_000);
      int code = run();
      System.out.println(result.encode());
      return code;
    } catch (Exception failed) {
      System.err.println("bench failed: " + Await.describe(failed));
      return failed instanceof ConnectException ? ExitCodes.NO_CONNECTION : ExitCodes.REFUSED;
    } finally {
      closeAll();
      CliVertx.close(vertx);
    }
  }

  /** Claims an event loop: each instance's context is one the scenario places connections on. */
  private final class Anchor extends VerticleBase {
    @Override
    public Future<?> start() {
      contexts.add(context);
      return Future.succeededFuture();
    }
  }

  /** The context (event loop) for a unit of the scenario: a pair, a group, a connection. */
  Context context(int unit) {
    return contexts.get(unit % contexts.size());
  }

  /** Sets up users with progress on standard error; they are closed when the scenario ends. */
  List<BenchUser> setUp(String what, int count, IntFunction<String> name, IntFunction<Context> contextOf,
      boolean login) throws Exception {
    return setUp(what, count, name, contextOf, user -> endpoint, login);
  }

  /** {@link #setUp} with users spread over nodes: user i connects to {@code endpointOf(i)}. */
  List<BenchUser> setUp(String what, int count, IntFunction<String> name, IntFunction<Context> contextOf,
      IntFunction<Endpoint> endpointOf, boolean login) throws Exception {
    BenchUsers users = new BenchUsers(dialer, endpointOf, bench.password);
    Progress progress = Progress.of(what, count, users::ready);
    try {
      List<BenchUser> ready = Await.result(users.open(count, name, contextOf, login, bench.setupConcurrency),
          SETUP_TIMEOUT_MILLIS);
      opened.addAll(ready);
      progress.done(String.format("%,d users %s", count, login ? "logged in" : "registered"));
      result.put("setup_s", round(progress.seconds(), 1));
      return ready;
    } finally {
      progress.close();
    }
  }

  /** Users the scenario connected by itself, to be closed when it ends like those of {@link #setUp}. */
  void adopt(List<BenchUser> users) {
    opened.addAll(users);
  }

  private void closeAll() {
    List<Future<String>> closing = opened.stream().map(user -> user.connection().close()).toList();
    try {
      Await.result(Future.join(closing), 60_000);
    } catch (Exception slow) {
      // the process is leaving anyway
    }
  }

  /** CPU seconds this bench process has used. */
  static double ownCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
