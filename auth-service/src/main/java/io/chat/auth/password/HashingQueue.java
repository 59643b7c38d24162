package io.chat.auth.password;

import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.common.protocol.Errors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Password hashing on its worker pool, admitting only what it can finish in time. It knows its
 * capacity (its threads, and how long a hash takes here, measured as it goes) and the time a
 * request has before its client is told {@code unavailable}. A request that could not start
 * soon enough to be answered within its budget is refused at once with {@code busy} and a
 * {@code retry_ms}, before it costs anything; so during a login storm the node hashes only
 * passwords whose answers someone still waits for, at full speed, instead of hashing for
 * requests that time out anyway.
 *
 * <p>The {@code retry_ms} of the refused are spread out: each is given the next free slot after
 * the current queue (one hash time divided by the threads apart), so clients that retry as told
 * come back at about the rate the pool hashes, and a storm of n logins ends in about n hash
 * times divided by the threads. A job whose deadline has passed by the time a thread takes it
 * (its client was told {@code unavailable}) is dropped without hashing.
 *
 * <p>Use from one context: the auth service's.
 */
public final class HashingQueue {

  /**
   * The share of the request timeout a hash may take from arrival to its end; the rest is for
   * the stores and the bus, which are slow too when the node is this busy.
   */
  private static final double BUDGET_SHARE = 0.5;
  /** Weight of the newest hash time in the running estimate. */
  private static final double NEWEST_WEIGHT = 0.2;

  private final Context context;
  private final WorkerExecutor workers;
  private final Counter hashed;
  private final Counter dropped;
  private final Counter refused;
  private final int threads;
  private final long budgetNanos;
  private final long deadlineNanos;
  private double hashNanos;
  /** Jobs admitted and not finished: queued or hashing. */
  private int pending;
  /** The last slot promised to a refused client (System.nanoTime). */
  private long promisedUntil = Long.MIN_VALUE;

  /**
   * @param requestTimeoutMillis how long the gateway waits for the answer
   * @param firstHashNanos a measured hash time, until the queue has measured its own
   * @param metrics where hashes done, dropped and refused are counted, and the queue's length shown
   */
  public HashingQueue(Context context, WorkerExecutor workers, int threads, long requestTimeoutMillis,
      long firstHashNanos, MeterRegistry metrics) {
    this.context = context;
    this.workers = workers;
    this.hashed = hashes(metrics, "done", "Password hashes computed (register, login)");
    this.dropped = hashes(metrics, "dropped", "Password hashes not computed: the client no longer waited");
    this.refused = hashes(metrics, "busy", "Password hashes refused at once with busy: they could not end in time");
    Gauge.builder("chat.password.hash.queue", this, HashingQueue::pending)
        .description("Password hashes admitted and not finished").register(metrics);
    this.threads = threads;
    this.deadlineNanos = TimeUnit.MILLISECONDS.toNanos(requestTimeoutMillis);
    this.budgetNanos = (long) (deadlineNanos * BUDGET_SHARE);
    this.hashNanos = firstHashNanos;
  }

  /**
   * A place in the queue for one hash, taken before the request does anything else (a refused
   * login must not count as a failed one); or {@code busy}, thrown, when the hash could not end
   * within the budget.
   */
  public Ticket admit() {
    long now = System.nanoTime();
    long backlog = (long) (pending * hashNanos / threads);
    if (backlog + hashNanos > budgetNanos) {
      refused.increment();
      throw Errors.busy("the server is busy checking passwords; try again in a moment", retryMillis(now, backlog));
    }
    pending++;
    return new Ticket(now + deadlineNanos);
  }

  /** Jobs admitted and not finished. */
  public int pending() {
    return pending;
  }

  private static Counter hashes(MeterRegistry metrics, String result, String description) {
    return Counter.builder("chat.password.hashes").tag("result", result).description(description).register(metrics);
  }

  /**
   * The next free slot after the queue (starting a hash time before it drains, so the threads
   * do not idle), one slot per refused client.
   */
  private long retryMillis(long now, long backlog) {
    long slot = Math.max(promisedUntil, now + Math.max(0, backlog - (long) hashNanos));
    promisedUntil = slot + (long) (hashNanos / threads);
    return Math.max(1, (slot - now + 999_999) / 1_000_000);
  }

  /** One admitted hash: run it, or release it when the request ends before hashing. */
  public final class Ticket {

    private final long deadline;
    private boolean done;

    private Ticket(long deadline) {
      this.deadline = deadline;
    }

    /** Runs the hash on the pool; fails with unavailable, without hashing, if its client no longer waits. */
    public <T> Future<T> run(Callable<T> hash) {
      long expected = (long) hashNanos;
      return workers.<Timed<T>>executeBlocking(() -> {
        long started = System.nanoTime();
        if (started + expected > deadline) {
          return null;
        }
        T result = hash.call();
        return new Timed<>(result, System.nanoTime() - started);
      }, false).andThen(done -> context.runOnContext(v -> finished(done.succeeded() ? done.result() : null)))
          .compose(timed -> timed == null
              ? Future.failedFuture(new ChatException(ErrorCode.UNAVAILABLE, "the service did not answer in time"))
              : Future.succeededFuture(timed.result()));
    }

    /** The request ended without hashing (refused before it, or its store failed). */
    public void release() {
      if (!done) {
        done = true;
        pending--;
      }
    }

    private void finished(Timed<?> timed) {
      release();
      if (timed != null) {
        hashed.increment();
        hashNanos = (1 - NEWEST_WEIGHT) * hashNanos + NEWEST_WEIGHT * timed.nanos();
      } else {
        dropped.increment();
      }
    }
  }

  private record Timed<T>(T result, long nanos) {
  }
}
