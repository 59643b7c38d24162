package io.chat.cli.bench;

import io.chat.cli.ExitCodes;
import io.chat.cli.connection.ChatConnection;
import io.chat.cli.connection.Credentials;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench login}: C connections each logging in and out in a loop, with whatever password
 * hash cost the node is configured for: logins/s and their latency. A login told {@code busy}
 * is sent again after its {@code retry_ms}. With {@code --storm N}, a login storm instead
 * ({@link LoginStorm}).
 */
@Command(name = "login", description = "C connections logging in and out in a loop: logins/s with the node's password hashing; "
    + "or, with --storm N, N users logging in at once, then again with their tokens.")
final class LoginBench extends Scenario {

  @Option(names = {"-c", "--connections"}, defaultValue = "8", description = "connections logging in at once (default: ${DEFAULT-VALUE})")
  int connections;

  @Option(names = {"-t", "--seconds"}, defaultValue = "10", description = "length of the measured run (default: ${DEFAULT-VALUE})")
  int seconds;

  @Option(names = "--storm", defaultValue = "0", description = "N users log in at once (retrying when told busy), "
      + "then again with their tokens; 0: the loop (default: ${DEFAULT-VALUE})")
  int storm;

  @Option(names = "--node-cores", description = "cores of the node, for the storm's ideal time (default: this machine's)")
  int nodeCores = Runtime.getRuntime().availableProcessors();

  private final Latency latency = new Latency();
  private final LongAdder logins = new LongAdder();
  private final ErrorCounts errors = new ErrorCounts();
  private volatile boolean running = true;
  private volatile long until;

  @Override
  int run() throws Exception {
    if (storm > 0) {
      return new LoginStorm(this, storm, nodeCores).run();
    }
    System.out.printf("login: %d connections logging in and out for %d s%n", connections, seconds);
    List<BenchUser> users = setUp("registering", connections, user -> bench.prefix + "login" + user, this::context, false);
    double nodeCpuBefore = node == null ? 0 : node.cpuSeconds();
    double ownCpuBefore = ownCpuSeconds();
    long from = System.nanoTime();
    until = from + seconds * 1_000_000_000L;
    for (int user = 0; user < users.size(); user++) {
      BenchUser bencher = users.get(user);
      Credentials credentials = Credentials.password(bencher.name(), bench.password);
      context(user).runOnContext(v -> loop(bencher.connection(), credentials));
    }
    Thread.sleep(seconds * 1_000L);
    running = false;
    double elapsed = (System.nanoTime() - from) / 1e9;
    double nodeCpu = node == null ? 0 : node.cpuSeconds() - nodeCpuBefore;
    double ownCpu = ownCpuSeconds() - ownCpuBefore;
    Latency measured = latency.stop();
    long count = logins.sum();
    result.put("scenario", "login").put("connections", connections).put("seconds", round(elapsed, 2))
        .put("logins", count).put("logins_per_s", round(count / elapsed, 1)).put("latency", measured.json())
        .put("errors", errors.json())
        .put("bench_cpu_pct", Math.round(ownCpu * 100 / elapsed));
    System.out.printf("  %,d logins in %.1f s = %,.1f logins/s%n", count, elapsed, count / elapsed);
    System.out.printf("  latency, request to reply: %s%n", measured.summary());
    if (!errors.isEmpty()) {
      System.out.printf("  refused: %s%n", result.getJsonObject("errors").encode());
    }
    if (node != null) {
      result.put("node_cpu_pct", Math.round(nodeCpu * 100 / elapsed))
          .put("node_cpu_ms_per_login", count == 0 ? 0 : round(nodeCpu * 1000 / count, 2));
      System.out.printf("  node: %.0f%% of one core = %.2f ms of CPU per login%n",
          nodeCpu * 100 / elapsed, count == 0 ? 0 : nodeCpu * 1000 / count);
    }
    return ExitCodes.OK;
  }

  /** Logs in, logs out, and again, until the run ends; on the connection's context. */
  private void loop(ChatConnection connection, Credentials credentials) {
    if (!running) {
      return;
    }
    long sent = System.nanoTime();
    connection.requestHere(credentials.login(false)).onComplete(login -> {
      long now = System.nanoTime();
      if (login.failed()) {
        errors.add("no_reply");
        return;
      }
      JsonObject reply = login.result();
      if (!Boolean.TRUE.equals(reply.getBoolean("ok"))) {
        errors.add(reply.getValue("error"));
        if ("busy".equals(reply.getString("error"))) {
          vertx.setTimer(Math.max(1, reply.getLong("retry_ms", 1_000L)), t -> loop(connection, credentials));
        } else {
          loop(connection, credentials);
        }
        return;
      }
      if (now < until) {
        logins.increment();
        latency.record(now - sent);
      }
      connection.requestHere(new JsonObject().put("op", "logout"))
          .onComplete(logout -> loop(connection, credentials));
    });
  }
}
