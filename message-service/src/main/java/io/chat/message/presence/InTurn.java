package io.chat.message.presence;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the operations of each user one after another, in the order they were asked for (the
 * next starts when the previous one completed, whether it succeeded or not); those of different
 * users run side by side. Used from one context.
 */
final class InTurn {

  /** user id -> the last operation asked for, while it is in flight. */
  private final Map<Integer, Future<?>> inFlight = new HashMap<>();

  <T> Future<T> run(int user, Supplier<Future<T>> operation) {
    Future<?> previous = inFlight.get(user);
    Future<T> next = previous == null ? operation.get() : previous.transform(done -> operation.get());
    inFlight.put(user, next);
    next.onComplete(done -> inFlight.remove(user, next));
    return next;
  }
}
