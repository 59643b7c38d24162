package io.chat.gateway.delivery;

import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Events for connections, gathered per event loop while a delivery is worked through, then
 * handed to each loop as one task (run at once on the loop that gathered them). A batch of
 * deliveries costs one hop per loop instead of one per event; each connection still gets its
 * events in the order they were added.
 */
public final class LoopHandOff {

  private final Map<Context, List<Runnable>> byLoop = new LinkedHashMap<>(4);

  public void add(Context context, Runnable action) {
    byLoop.computeIfAbsent(context, loop -> new ArrayList<>()).add(action);
  }

  /** Hands every gathered event to its connection's loop. */
  public void run() {
    byLoop.forEach((loop, actions) -> ((ContextInternal) loop).emit(null, v -> actions.forEach(Runnable::run)));
    byLoop.clear();
  }
}
