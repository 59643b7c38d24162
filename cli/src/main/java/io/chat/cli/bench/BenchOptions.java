package io.chat.cli.bench;

import picocli.CommandLine.Option;

/** Options every scenario takes: who the bench users are, how fast to set them up, which node to watch. */
public final class BenchOptions {

  @Option(names = "--prefix", defaultValue = "bench_",
      description = "prefix of the bench users' and groups' names; runs with the same prefix reuse them (default: ${DEFAULT-VALUE})")
  String prefix;

  @Option(names = "--password", defaultValue = "bench-password", description = "password of every bench user (default: ${DEFAULT-VALUE})")
  String password;

  @Option(names = "--setup-conc", defaultValue = "64", description = "users being set up at once (default: ${DEFAULT-VALUE})")
  int setupConcurrency;

  @Option(names = "--threads", defaultValue = "1",
      description = "event-loop threads of the bench itself; it shares the machine with the node (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--pid", description = "the node's process id, to report its CPU and memory")
  Integer pid;
}
