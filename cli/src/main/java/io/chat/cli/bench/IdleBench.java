package io.chat.cli.bench;

import io.chat.cli.ExitCodes;
import java.lang.management.ManagementFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench idle}: C logged-in connections doing nothing; with {@code --pid}, what each costs
 * the node in resident memory and in live heap (measured after full collections).
 */
@Command(name = "idle", description = "C logged-in idle connections: the node's RSS and heap per connection (needs --pid).")
final class IdleBench extends Scenario {

  @Option(names = {"-c", "--connections"}, defaultValue = "1000", description = "connections (default: ${DEFAULT-VALUE})")
  int connections;

  @Option(names = "--hold", defaultValue = "5", description = "seconds to hold them before measuring (default: ${DEFAULT-VALUE})")
  int hold;

  @Override
  int run() throws Exception {
    System.out.printf("idle: %,d logged-in connections, held %d s%n", connections, hold);
    // Both samples follow a full GC, so garbage and the heap sizing it leads to weigh the same in each.
    long heapBefore = node == null ? -1 : node.liveHeapKib();
    long rssBefore = node == null ? 0 : node.rssKib();
    setUp("logging in", connections, user -> bench.prefix + "idle" + user, this::context, true);
    Thread.sleep(hold * 1_000L);
    double ownCpuBefore = ownCpuSeconds();
    double nodeCpuBefore = node == null ? 0 : node.cpuSeconds();
    Thread.sleep(5_000);
    double nodeIdleCpu = node == null ? 0 : (node.cpuSeconds() - nodeCpuBefore) / 5;
    double ownIdleCpu = (ownCpuSeconds() - ownCpuBefore) / 5;
    result.put("scenario", "idle").put("connections", connections).put("hold_s", hold);
    if (node != null) {
      long heapAfter = node.liveHeapKib();
      long rssAfter = node.rssKib();
      double rssPer = (rssAfter - rssBefore) / (double) connections;
      result.put("node_rss_before_mib", round(rssBefore / 1024.0, 1)).put("node_rss_after_mib", round(rssAfter / 1024.0, 1))
          .put("node_rss_kib_per_connection", round(rssPer, 2)).put("node_idle_cpu_pct", Math.round(nodeIdleCpu * 100));
      System.out.printf("  node RSS %,.1f MiB before, %,.1f MiB with them: %.2f KiB per connection%n",
          rssBefore / 1024.0, rssAfter / 1024.0, rssPer);
      if (heapBefore > 0 && heapAfter > 0) {
        double heapPer = (heapAfter - heapBefore) / (double) connections;
        result.put("node_heap_before_mib", round(heapBefore / 1024.0, 1)).put("node_heap_after_mib", round(heapAfter / 1024.0, 1))
            .put("node_heap_kib_per_connection", round(heapPer, 2));
        System.out.printf("  node live heap (after full GC) %,.1f MiB before, %,.1f MiB with them: %.2f KiB per connection%n",
            heapBefore / 1024.0, heapAfter / 1024.0, heapPer);
      } else {
        System.out.println("  node heap: not measured (jcmd could not attach to the node)");
      }
      System.out.printf("  node CPU while they idle: %.1f%% of one core%n", nodeIdleCpu * 100);
    } else {
      System.out.println("  (give --pid to measure the node)");
    }
    long ownHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    result.put("bench_idle_cpu_pct", Math.round(ownIdleCpu * 100)).put("bench_heap_mib", round(ownHeap / 1048576.0, 1));
    System.out.printf("  bench: %.1f%% of one core while idle, heap %,.1f MiB%n", ownIdleCpu * 100, ownHeap / 1048576.0);
    return ExitCodes.OK;
  }
}
