package io.chat.server.admin;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;

/**
 * The node's Prometheus registry. Micrometer's JVM binders name three meters against
 * Prometheus' naming rules ({@code promtool check metrics}); they are renamed or dropped before
 * they register. Every other meter, the node's {@code chat_*} ones included, keeps its name.
 */
public final class NodeRegistry {

  /**
   * Counted in milliseconds and nanoseconds ({@code jvm_compilation_time_ms_total},
   * {@code process_cpu_time_ns_total}); a filter cannot turn them into seconds, and
   * {@code process_cpu_usage} still tells how busy the process is.
   */
  private static final Set<String> DROPPED = Set.of("jvm.compilation.time", "process.cpu.time");

  /** {@code system_cpu_count}: only histograms and summaries may end in {@code _count}. */
  private static final String CPU_COUNT = "system.cpu.count";
  private static final String CPUS = "system.cpus";

  private NodeRegistry() {
  }

  public static PrometheusMeterRegistry create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config()
        .meterFilter(MeterFilter.deny(id -> DROPPED.contains(id.getName())))
        .meterFilter(new MeterFilter() {
          @Override
          public Meter.Id map(Meter.Id id) {
            return CPU_COUNT.equals(id.getName()) ? id.withName(CPUS) : id;
          }
        });
    return registry;
  }
}
