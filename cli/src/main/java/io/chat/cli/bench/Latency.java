package io.chat.cli.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Latencies in microseconds, recorded from any thread into an HdrHistogram. */
final class Latency {

  private final Recorder recorder = new Recorder(3);
  private Histogram total;

  void record(long nanos) {
    recorder.recordValue(Math.max(0, nanos / 1_000));
  }

  /** Ends the recording; the figures describe what was recorded until now. */
  Latency stop() {
    total = recorder.getIntervalHistogram();
    return this;
  }

  /** {@code p50 0.41  p90 0.80  p99 2.10  p99.9 5.3  max 12.0 ms (n=...)}. */
  String summary() {
    return String.format("p50 %s  p90 %s  p99 %s  p99.9 %s  max %s ms (n=%,d)",
        ms(total.getValueAtPercentile(50)), ms(total.getValueAtPercentile(90)), ms(total.getValueAtPercentile(99)),
        ms(total.getValueAtPercentile(99.9)), ms(total.getMaxValue()), total.getTotalCount());
  }

  JsonObject json() {
    return new JsonObject()
        .put("p50_ms", millis(total.getValueAtPercentile(50)))
        .put("p90_ms", millis(total.getValueAtPercentile(90)))
        .put("p99_ms", millis(total.getValueAtPercentile(99)))
        .put("p999_ms", millis(total.getValueAtPercentile(99.9)))
        .put("max_ms", millis(total.getMaxValue()));
  }

  private static double millis(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }

  private static String ms(long micros) {
    return String.format("%.2f", micros / 1000.0);
  }
}
