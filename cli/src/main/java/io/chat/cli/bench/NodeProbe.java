package io.chat.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a node's CPU time and resident memory from procfs, and its live heap through
 * {@code jcmd} (after a full collection, so the figure is what is really kept).
 */
final class NodeProbe {

  /** Linux's clock ticks per second for /proc/<pid>/stat, fixed by the kernel ABI. */
  private static final double TICKS_PER_SECOND = 100.0;
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private final int pid;

  NodeProbe(int pid) {
    this.pid = pid;
  }

  /** User plus system CPU seconds the process has used. */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // after the command: state(0) ... utime(11) stime(12)
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }

  /** Resident set size in KiB. */
  long rssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS for process " + pid);
  }

  /** Heap in use after a full GC, in KiB, or -1 when jcmd cannot tell. */
  long liveHeapKib() {
    try {
      jcmd("GC.run");
      String info = jcmd("GC.heap_info");
      long used = 0;
      Matcher matcher = HEAP_USED.matcher(info);
      while (matcher.find()) {
        used += Long.parseLong(matcher.group(1));
      }
      return used > 0 ? used : -1;
    } catch (IOException | InterruptedException noJcmd) {
      return -1;
    }
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("jcmd " + command + " failed: " + output);
    }
    return output;
  }
}
