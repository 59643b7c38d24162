package io.chat.push.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The push queue")
class PushQueueTest {

  @Test
  @DisplayName("works on as many items as it has workers, keeps as many waiting as it holds, and refuses the next at once")
  void bounded(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    List<Promise<Void>> working = new ArrayList<>();
    List<Integer> started = new ArrayList<>();
    PushQueue<Integer> queue = new PushQueue<>(context, 3, 2, item -> {
      started.add(item);
      Promise<Void> done = Promise.promise();
      working.add(done);
      return done.future();
    });
    context.runOnContext(v -> {
      List<Boolean> taken = new ArrayList<>();
      for (int i = 1; i <= 6; i++) {
        taken.add(queue.offer(i));
      }
      test.verify(() -> {
        assertEquals(List.of(true, true, true, true, true, false), taken);
        assertEquals(List.of(1, 2), started);
        assertEquals(3, queue.length());
      });
      working.get(0).complete();
      vertx.setTimer(50, t -> test.verify(() -> {
        assertEquals(List.of(1, 2, 3), started, "a worker that is done takes the next");
        assertEquals(2, queue.length());
        assertTrue(queue.offer(7), "room again");
        assertFalse(queue.offer(8));
        test.completeNow();
      }));
    });
  }

  @Test
  @DisplayName("goes on to the next item after one whose work failed or threw")
  void failures(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    List<String> done = new ArrayList<>();
    PushQueue<String> queue = new PushQueue<>(context, 10, 1, item -> {
      done.add(item);
      if (item.equals("throws")) {
        throw new IllegalStateException(item);
      }
      return item.equals("fails") ? Future.failedFuture(item) : Future.succeededFuture();
    });
    context.runOnContext(v -> {
      queue.offer("fails");
      queue.offer("throws");
      queue.offer("last");
      vertx.setTimer(50, t -> test.verify(() -> {
        assertEquals(List.of("fails", "throws", "last"), done);
        assertEquals(0, queue.length());
        test.completeNow();
      }));
    });
  }

  @Test
  @DisplayName("works through a long queue of work that completes at once without recursing")
  void noRecursion(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    int items = 100_000;
    AtomicInteger worked = new AtomicInteger();
    Promise<Void> first = Promise.promise();
    PushQueue<Integer> queue = new PushQueue<>(context, items, 1, item -> {
      worked.incrementAndGet();
      return item == 0 ? first.future() : Future.succeededFuture();
    });
    context.runOnContext(v -> {
      for (int i = 0; i <= items; i++) {
        queue.offer(i);
      }
      first.complete();
      vertx.setPeriodic(20, timer -> {
        if (worked.get() == items + 1) {
          vertx.cancelTimer(timer);
          test.completeNow();
        }
      });
    });
  }
}
