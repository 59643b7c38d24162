package io.chat.cli.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code chat-cli bench <scenario>}: load tests against a running node. */
@Command(name = "bench", description = "Load-test a node: pair, group, idle or login (see docs/benchmarks.md).",
    subcommands = {PairBench.class, GroupBench.class, IdleBench.class, LoginBench.class})
public final class BenchCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a scenario: pair, group, idle or login");
  }
}
