package io.chat.cli.bench;

import io.chat.cli.connection.ChatConnection;
import io.chat.cli.connection.Credentials;
import io.chat.cli.connection.Dialer;
import io.chat.cli.connection.Endpoint;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;

/**
 * Opens the bench users' connections: each registers (an existing account, from an earlier run
 * with the same prefix, is reused) and, if asked, logs in. A bounded number are set up at
 * once, each on the context its scenario chose, so users that talk to each other share an
 * event loop.
 */
final class BenchUsers {

  private static final long TIMEOUT_MILLIS = 120_000;
  /** Setup retries when the node says busy (it is hashing passwords), without telling anyone. */
  private static final LongConsumer NO_NOTICE = retry -> { };

  private final Dialer dialer;
  private final IntFunction<Endpoint> endpointOf;
  private final String password;
  private final AtomicInteger ready = new AtomicInteger();

  /** Users connect to the node {@code endpointOf} gives for their index. */
  BenchUsers(Dialer dialer, IntFunction<Endpoint> endpointOf, String password) {
    this.dialer = dialer;
    this.endpointOf = endpointOf;
    this.password = password;
  }

  /** Users set up so far. */
  int ready() {
    return ready.get();
  }

  /** Connections for users 0..count-1, at most {@code concurrency} being set up at a time. */
  Future<List<BenchUser>> open(int count, IntFunction<String> name, IntFunction<Context> contextOf,
      boolean login, int concurrency) {
    BenchUser[] users = new BenchUser[count];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger running = new AtomicInteger(Math.min(concurrency, count));
    Promise<List<BenchUser>> all = Promise.promise();
    if (count == 0) {
      all.complete(List.of());
    }
    Runnable[] worker = new Runnable[1];
    worker[0] = () -> {
      int index = next.getAndIncrement();
      if (index >= count || all.future().isComplete()) {
        if (running.decrementAndGet() == 0) {
          all.tryComplete(Arrays.asList(users));
        }
        return;
      }
      Credentials user = Credentials.password(name.apply(index), password);
      contextOf.apply(index).runOnContext(v -> setUp(endpointOf.apply(index), user, login).onComplete(done -> {
        if (done.failed()) {
          all.tryFail(done.cause());
        } else {
          users[index] = done.result();
          ready.incrementAndGet();
        }
        worker[0].run();
      }));
    };
    for (int i = 0; i < Math.min(concurrency, count); i++) {
      worker[0].run();
    }
    return all.future();
  }

  private Future<BenchUser> setUp(Endpoint endpoint, Credentials user, boolean login) {
    return dialer.connect(endpoint).compose(connection ->
        connection.requestUntilNotBusy(user.register(), TIMEOUT_MILLIS, NO_NOTICE)
            .compose(registered -> accepted(registered, "name_taken", "registering " + user.name()))
            .compose(registered -> login
                ? connection.requestUntilNotBusy(user.login(false), TIMEOUT_MILLIS, NO_NOTICE).compose(reply -> accepted(reply, null, "logging in " + user.name()))
                    .map(reply -> new BenchUser(user.name(), reply.getJsonObject("user").getInteger("id"), connection))
                : Future.succeededFuture(new BenchUser(user.name(), -1, connection)))
            .onFailure(failed -> connection.close()));
  }

  /** Succeeds for an ok reply or the error that means "already done". */
  static Future<JsonObject> accepted(JsonObject reply, String alreadyDone, String what) {
    if (Boolean.TRUE.equals(reply.getBoolean("ok")) || (alreadyDone != null && alreadyDone.equals(reply.getString("error")))) {
      return Future.succeededFuture(reply);
    }
    String hint = "bad_credentials".equals(reply.getString("error"))
        ? " (the account exists with another password: use another --prefix or the right --password)" : "";
    return Future.failedFuture(what + ": " + reply.getString("error") + " "
        + reply.getString("message", "") + hint);
  }
}
