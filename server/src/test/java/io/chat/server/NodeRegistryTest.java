package io.chat.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.server.admin.NodeRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The node's Prometheus registry")
class NodeRegistryTest {

  @Test
  @DisplayName("renames system_cpu_count to system_cpus and drops the JVM meters counted in ms and ns")
  void jvmNames() {
    PrometheusMeterRegistry registry = NodeRegistry.create();
    new ProcessorMetrics().bindTo(registry);
    new JvmCompilationMetrics().bindTo(registry);
    String scrape = registry.scrape();
    assertTrue(scrape.contains("\nsystem_cpus "), scrape);
    assertTrue(scrape.contains("\nprocess_cpu_usage "), scrape);
    assertFalse(scrape.contains("system_cpu_count"), scrape);
    assertFalse(scrape.contains("jvm_compilation_time"), scrape);
    assertFalse(scrape.contains("process_cpu_time"), scrape);
  }

  @Test
  @DisplayName("keeps the names of the node's own meters")
  void chatNames() {
    PrometheusMeterRegistry registry = NodeRegistry.create();
    Counter.builder("chat.requests").tag("op", "send").tag("result", "ok").register(registry).increment();
    assertTrue(registry.scrape().contains("chat_requests_total{op=\"send\",result=\"ok\"} 1.0"), registry.scrape());
  }
}
