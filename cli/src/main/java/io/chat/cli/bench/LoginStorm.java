package io.chat.cli.bench;

import io.chat.cli.Await;
import io.chat.cli.ExitCodes;
import io.chat.cli.connection.ChatConnection;
import io.chat.cli.connection.Credentials;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * {@code bench login --storm N}: N users log in at once, as after a node loss, each retrying when
 * told {@code busy} after the {@code retry_ms} it was given; then the same users, on new
 * connections, log in again at once with the tokens they got (one answered {@code unavailable}
 * tries again a second later, and is counted). Measured: the time until all are
 * logged in, against the ideal (N hashes spread over the node's cores), the busy replies, the
 * slowest single reply, and anything else that came back.
 */
final class LoginStorm {

  private static final long STORM_TIMEOUT_MILLIS = 600_000;
  private static final long UNAVAILABLE_RETRY_MILLIS = 1_000;
  private static final int SOLO_LOGINS = 3;

  private final LoginBench scenario;
  private final int users;
  private final int nodeCores;

  LoginStorm(LoginBench scenario, int users, int nodeCores) {
    this.scenario = scenario;
    this.users = users;
    this.nodeCores = nodeCores;
  }

  int run() throws Exception {
    System.out.printf("login storm: %d users logging in at once, then again with their tokens%n", users);
    List<BenchUser> registered = scenario.setUp("registering", users,
        user -> scenario.bench.prefix + "storm" + user, scenario::context, false);
    // A login alone (the fastest of a few): what a password login costs when nothing else runs.
    long alone = Long.MAX_VALUE;
    for (int i = 0; i < SOLO_LOGINS; i++) {
      ChatConnection first = registered.get(0).connection();
      alone = Math.min(alone, Await.result(login(first, password(registered.get(0)), new Round())
          .compose(ok -> first.request(new JsonObject().put("op", "logout"), 10_000).map(ok.latencyNanos())), 60_000));
    }
    double nodeCpuBefore = scenario.node == null ? 0 : scenario.node.cpuSeconds();
    Round passwords = storm(registered, this::password);
    double nodeCpu = scenario.node == null ? 0 : scenario.node.cpuSeconds() - nodeCpuBefore;
    List<BenchUser> again = reconnect(registered);
    Round tokens = storm(again, user -> Credentials.password(user.name(), null).withToken(passwords.token(user)));

    double ideal = users * (alone / 1e9) / nodeCores;
    scenario.result.put("scenario", "login-storm").put("users", users).put("node_cores", nodeCores)
        .put("login_alone_ms", Scenario.round(alone / 1e6, 1))
        .put("ideal_s", Scenario.round(ideal, 2))
        .put("passwords", passwords.json()).put("tokens", tokens.json());
    System.out.printf("  one password login alone: %.1f ms; ideal for %d at once on %d cores: %.2f s%n",
        alone / 1e6, users, nodeCores, ideal);
    System.out.printf("  passwords: %s%n", passwords.summary());
    System.out.printf("  tokens:    %s%n", tokens.summary());
    if (scenario.node != null) {
      scenario.result.put("node_cpu_s_passwords", Scenario.round(nodeCpu, 2));
      System.out.printf("  node: %.2f s of CPU for the password storm%n", nodeCpu);
    }
    boolean allIn = passwords.loggedIn.sum() == users && tokens.loggedIn.sum() == users;
    return allIn ? ExitCodes.OK : ExitCodes.REFUSED;
  }

  private Credentials password(BenchUser user) {
    return Credentials.password(user.name(), scenario.bench.password);
  }

  /** Every user logs in at once on its own connection; completes once each is in or refused. */
  private Round storm(List<BenchUser> who, Function<BenchUser, Credentials> credentials)
      throws Exception {
    Round round = new Round();
    List<Future<Attempt>> all = new ArrayList<>();
    for (int i = 0; i < who.size(); i++) {
      BenchUser user = who.get(i);
      Promise<Attempt> done = Promise.promise();
      scenario.context(i).runOnContext(v -> login(user.connection(), credentials.apply(user), round)
          .onSuccess(ok -> round.tokens.put(user.name(), ok.token()))
          .onComplete(done));
      all.add(done.future());
    }
    Await.result(Future.join(all), STORM_TIMEOUT_MILLIS);
    return round;
  }

  /** New connections for the same users (the old ones closed: a dropped connection keeps its token). */
  private List<BenchUser> reconnect(List<BenchUser> before) throws Exception {
    List<Future<BenchUser>> opened = new ArrayList<>();
    for (BenchUser user : before) {
      opened.add(user.connection().close()
          .transform(closed -> scenario.dialer.connect(scenario.endpoint))
          .map(connection -> new BenchUser(user.name(), user.id(), connection)));
    }
    List<BenchUser> again = Await.<List<BenchUser>>result(Future.all(opened).map(all -> all.list()), 120_000);
    scenario.adopt(again);
    return again;
  }

  /** One login, sent again after retry_ms while the node says busy. */
  private Future<Attempt> login(ChatConnection connection, Credentials credentials, Round round) {
    long sent = System.nanoTime();
    return connection.request(credentials.login(false), STORM_TIMEOUT_MILLIS).compose(reply -> {
      long latency = System.nanoTime() - sent;
      round.slowest.accumulate(latency);
      if ("busy".equals(reply.getString("error"))) {
        round.busy.increment();
        return scenario.vertx.timer(Math.max(1, reply.getLong("retry_ms", 1_000L)))
            .compose(t -> login(connection, credentials, round));
      }
      if ("unavailable".equals(reply.getString("error"))) {
        // As a client that reconnects would: counted, and tried again a second later.
        round.errors.add("unavailable");
        return scenario.vertx.timer(UNAVAILABLE_RETRY_MILLIS).compose(t -> login(connection, credentials, round));
      }
      if (!Boolean.TRUE.equals(reply.getBoolean("ok"))) {
        round.errors.add(reply.getValue("error"));
        return Future.failedFuture(String.valueOf(reply.getValue("error")));
      }
      round.loggedIn.increment();
      round.lastIn.accumulateAndGet(System.nanoTime(), Math::max);
      return Future.succeededFuture(new Attempt(reply.getString("token"), latency));
    });
  }

  private record Attempt(String token, long latencyNanos) {
  }

  /** One storm's figures. */
  private static final class Round {
    final long started = System.nanoTime();
    final LongAdder loggedIn = new LongAdder();
    final LongAdder busy = new LongAdder();
    final LongAccumulator slowest = new LongAccumulator(Math::max, 0);
    final AtomicLong lastIn = new AtomicLong(System.nanoTime());
    final ErrorCounts errors = new ErrorCounts();
    final Map<String, String> tokens = new ConcurrentHashMap<>();

    String token(BenchUser user) {
      return tokens.get(user.name());
    }

    double allInSeconds() {
      return (lastIn.get() - started) / 1e9;
    }

    JsonObject json() {
      return new JsonObject().put("logged_in", loggedIn.sum()).put("all_in_s", Scenario.round(allInSeconds(), 2))
          .put("busy_replies", busy.sum()).put("slowest_reply_ms", Scenario.round(slowest.get() / 1e6, 1))
          .put("errors", errors.json());
    }

    String summary() {
      return String.format("%d logged in, all in %.2f s; %d busy replies; slowest reply %.1f ms%s",
          loggedIn.sum(), allInSeconds(), busy.sum(), slowest.get() / 1e6,
          errors.isEmpty() ? "" : "; refused " + errors.json().encode());
    }
  }
}
