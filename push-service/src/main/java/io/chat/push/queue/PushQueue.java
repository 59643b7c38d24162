package io.chat.push.queue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.function.Function;

/**
 * A bounded queue with a fixed number of workers: at most {@code concurrency} items are worked on
 * at once, at most {@code capacity} more wait, and an item offered past that is refused at once,
 * never waited for. Use from one context; {@link #length()} may be read from any thread.
 *
 * @param <T> the items
 */
public final class PushQueue<T> {

  private final Context context;
  private final int capacity;
  private final int concurrency;
  private final Function<T, Future<?>> work;
  private final ArrayDeque<T> waiting = new ArrayDeque<>();
  private volatile int length;
  private int working;

  /** @param work what a worker does with an item; the worker takes the next one once its future completes */
  public PushQueue(Context context, int capacity, int concurrency, Function<T, Future<?>> work) {
    this.context = context;
    this.capacity = capacity;
    this.concurrency = concurrency;
    this.work = work;
  }

  /** False when the queue is full: the item is dropped. */
  public boolean offer(T item) {
    if (working < concurrency) {
      start(item);
      return true;
    }
    if (waiting.size() >= capacity) {
      return false;
    }
    waiting.add(item);
    length = waiting.size();
    return true;
  }

  /** Items waiting for a worker (not those being worked on). */
  public int length() {
    return length;
  }

  /** Forgets the waiting items; returns how many there were. */
  public int clear() {
    int dropped = waiting.size();
    waiting.clear();
    length = 0;
    return dropped;
  }

  private void start(T item) {
    working++;
    Future<?> done;
    try {
      done = work.apply(item);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    // On the context's next turn: work that completes at once must not recurse through the queue.
    done.onComplete(finished -> context.runOnContext(next -> {
      working--;
      T following = waiting.poll();
      length = waiting.size();
      if (following != null) {
        start(following);
      }
    }));
  }
}
