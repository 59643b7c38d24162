package io.chat.cli.bench;

import io.chat.cli.ExitCodes;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Mixin;

/** Runs a message load: warm-up, measured window, drain; then prints the rate, latency, losses and costs. */
abstract class MessageScenario extends Scenario {

  @Mixin
  LoadOptions load;

  /** Runs the load and reports; {@code unit} names what the rate counts (messages or deliveries), {@code one} one of it. */
  int measure(MessageLoad messages, String unit, String one) throws Exception {
    messages.start();
    Thread.sleep(load.warmup * 1_000L);
    double nodeCpuBefore = node == null ? 0 : node.cpuSeconds();
    double ownCpuBefore = ownCpuSeconds();
    long from = System.nanoTime();
    messages.measure(from, from + load.seconds * 1_000_000_000L);
    Thread.sleep(load.seconds * 1_000L);
    double elapsed = (System.nanoTime() - from) / 1e9;
    double nodeCpu = node == null ? 0 : node.cpuSeconds() - nodeCpuBefore;
    double ownCpu = ownCpuSeconds() - ownCpuBefore;
    messages.stop();
    messages.drain(System.nanoTime() + load.drain * 1_000_000_000L);

    long inWindow = messages.deliveredInWindow();
    double rate = inWindow / elapsed;
    Latency latency = messages.latency();
    JsonObject counts = messages.counts();
    result.put("window", load.window).put("size", load.size).put("warmup_s", load.warmup)
        .put("seconds", round(elapsed, 2)).put(unit, inWindow).put(unit + "_per_s", Math.round(rate))
        .put("latency", latency.json()).mergeIn(counts);
    System.out.printf("  %,d %s in %.1f s = %,.0f %s/s%n", inWindow, unit, elapsed, rate, unit);
    System.out.printf("  latency, send to receive: %s%n", latency.summary());
    System.out.printf("  sent %,d, accepted %,d, refused %,d %s, no reply %,d; delivered %,d of %,d owed: lost %,d%n",
        counts.getLong("sent"), counts.getLong("accepted"), counts.getLong("refused"),
        counts.getJsonObject("errors").encode(), counts.getLong("failed"), counts.getLong("delivered"),
        counts.getLong("expected_deliveries"), counts.getLong("lost"));
    if (node != null) {
      double perDelivery = inWindow == 0 ? 0 : nodeCpu * 1e6 / inWindow;
      long rss = node.rssKib();
      result.put("node_cpu_pct", Math.round(nodeCpu * 100 / elapsed)).put("node_cpu_us_per_" + one,
          round(perDelivery, 1)).put("node_rss_mib", round(rss / 1024.0, 1));
      System.out.printf("  node: %.0f%% of one core = %.1f µs of CPU per %s; RSS %,.1f MiB%n",
          nodeCpu * 100 / elapsed, perDelivery, one, rss / 1024.0);
    }
    result.put("bench_cpu_pct", Math.round(ownCpu * 100 / elapsed));
    System.out.printf("  bench: %.0f%% of one core%n", ownCpu * 100 / elapsed);
    return counts.getLong("lost") > 0 ? ExitCodes.REFUSED : ExitCodes.OK;
  }
}
