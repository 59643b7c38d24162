package io.chat.cli.bench;

import picocli.CommandLine.Option;

/** Options of the message scenarios (pair, group). */
public final class LoadOptions {

  @Option(names = {"-t", "--seconds"}, defaultValue = "10", description = "length of the measured run (default: ${DEFAULT-VALUE})")
  int seconds;

  @Option(names = {"-w", "--window"}, defaultValue = "1",
      description = "messages each sender keeps on their way (sent, not yet received) (default: ${DEFAULT-VALUE})")
  int window;

  @Option(names = "--warmup", defaultValue = "3",
      description = "seconds of load before measuring, so the node's JIT has compiled the hot path (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--drain", defaultValue = "5",
      description = "seconds to wait after the run for messages still on their way (default: ${DEFAULT-VALUE})")
  int drain;

  @Option(names = "--size", defaultValue = "64", description = "message text length in characters (default: ${DEFAULT-VALUE})")
  int size;
}
