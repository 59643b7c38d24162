package io.chat.auth.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The password hashing queue")
class HashingQueueTest {

  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private WorkerExecutor workers;

  @AfterEach
  void close() {
    if (workers != null) {
      workers.close();
    }
  }

  private HashingQueue queue(Vertx vertx, Context context, int threads, long timeoutMillis, long hashMillis) {
    workers = vertx.createSharedWorkerExecutor("hashing-queue-test-" + System.nanoTime(), threads);
    return new HashingQueue(context, workers, threads, timeoutMillis, TimeUnit.MILLISECONDS.toNanos(hashMillis),
        metrics);
  }

  private double count(String result) {
    return metrics.get("chat.password.hashes").tag("result", result).counter().count();
  }

  @Test
  @DisplayName("admits what it can hash within half the timeout and refuses the rest at once, busy, with retry_ms one slot apart")
  void admitsWhatFits(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> test.verify(() -> {
      // Two threads, 100 ms a hash, 1 s timeout: a hash must end within 500 ms of its arrival,
      // so it may have at most 400 ms of queue ahead of it, 50 ms per hash waiting: 9 fit.
      HashingQueue queue = queue(vertx, context, 2, 1_000, 100);
      for (int i = 0; i < 9; i++) {
        queue.admit();
      }
      assertEquals(9, queue.pending());
      List<Long> retries = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ChatException busy = assertThrows(ChatException.class, queue::admit);
        assertEquals(ErrorCode.BUSY, busy.code());
        retries.add(busy.retryMillis());
      }
      assertEquals(9, queue.pending(), "a refusal takes no place");
      assertEquals(4.0, count("busy"));
      // The queue drains in 450 ms: the first is told to come back a hash before that, the next
      // ones one slot (50 ms) later each, so that they do not all come back at once.
      assertEquals(List.of(350L, 400L, 450L, 500L), retries);
      test.completeNow();
    }));
  }

  @Test
  @DisplayName("runs an admitted hash on its pool, counts it, and frees its place; a released ticket frees its place too")
  void runsAndReleases(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      HashingQueue queue = queue(vertx, context, 1, 1_000, 10);
      HashingQueue.Ticket unused = queue.admit();
      unused.release();
      unused.release();
      queue.admit().run(() -> Thread.currentThread().getName())
          .onComplete(test.succeeding(thread -> vertx.setTimer(50, t -> context.runOnContext(later -> test.verify(() -> {
            assertTrue(thread.startsWith("hashing-queue-test-"), "hashed on the pool, not on " + thread);
            assertEquals(0, queue.pending());
            assertEquals(1.0, count("done"));
            test.completeNow();
          })))));
    });
  }

  @Test
  @DisplayName("drops, without hashing, a hash whose client was told unavailable while it waited for a thread")
  void dropsWhatNobodyAwaits(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    AtomicBoolean hashedLate = new AtomicBoolean();
    context.runOnContext(v -> {
      // One thread, 300 ms timeout: the second hash waits behind a first that takes 400 ms.
      HashingQueue queue = queue(vertx, context, 1, 300, 10);
      queue.admit().run(() -> {
        Thread.sleep(400);
        return "slow";
      });
      queue.admit().run(() -> hashedLate.getAndSet(true))
          .onComplete(test.failing(failure -> vertx.setTimer(50, t -> context.runOnContext(later -> test.verify(() -> {
            assertEquals(ErrorCode.UNAVAILABLE, ((ChatException) failure).code());
            assertFalse(hashedLate.get(), "the hash ran for a client that no longer waited");
            assertEquals(1.0, count("dropped"));
            assertEquals(1.0, count("done"));
            assertEquals(0, queue.pending());
            test.completeNow();
          })))));
    });
  }
}
