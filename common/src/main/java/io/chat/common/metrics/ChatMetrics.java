package io.chat.common.metrics;

import io.chat.common.config.ChatConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * Where the node's own meters go. The launcher sets up one Micrometer registry per node (named
 * by the node id), scraped as Prometheus text at {@code /metrics}; Micrometer's dotted names
 * come out there as {@code chat_...}. A verticle deployed without metrics (in a unit test)
 * records into a registry that keeps nothing.
 */
public final class ChatMetrics {

  private static final MeterRegistry NONE = new CompositeMeterRegistry();

  private ChatMetrics() {
  }

  public static MeterRegistry registry(ChatConfig config) {
    MeterRegistry registry = BackendRegistries.getNow(config.nodeId());
    return registry != null ? registry : NONE;
  }
}
