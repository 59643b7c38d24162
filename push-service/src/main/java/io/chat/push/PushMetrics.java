package io.chat.push;

import io.chat.common.bus.push.Provider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code chat_push_total{provider,result}}: every notification once, by how it ended; and
 * {@code chat_push_queue_length{provider}}: the notifications waiting for a worker.
 */
final class PushMetrics {

  /** How a notification ended. */
  enum Result {
    /** The provider took it. */
    SENT,
    /** The provider said the token is gone; the device was removed. */
    GONE,
    /** Refused, or still failing after the retries. */
    FAILED,
    /** The provider's queue was full. */
    DROPPED,
    /** A device of a provider this node has no settings for. */
    OFF;

    private final String tag = name().toLowerCase(Locale.ROOT);
  }

  private final MeterRegistry registry;
  private final Map<Provider, Map<Result, Counter>> counters = new EnumMap<>(Provider.class);
  private final List<Meter> gauges = new ArrayList<>();

  PushMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Provider provider : Provider.values()) {
      Map<Result, Counter> byResult = new EnumMap<>(Result.class);
      for (Result result : Result.values()) {
        byResult.put(result, Counter.builder("chat.push")
            .description("Push notifications, by provider and how they ended")
            .tag("provider", provider.wireName())
            .tag("result", result.tag)
            .register(registry));
      }
      counters.put(provider, byResult);
    }
  }

  void count(Provider provider, Result result) {
    counters.get(provider).get(result).increment();
  }

  void queueLength(Provider provider, Supplier<Number> length) {
    gauges.add(Gauge.builder("chat.push.queue.length", length)
        .description("Push notifications waiting for a worker, by provider")
        .tag("provider", provider.wireName())
        .register(registry));
  }

  /** The gauges go with the queues they read. */
  void close() {
    gauges.forEach(registry::remove);
    gauges.clear();
  }
}
