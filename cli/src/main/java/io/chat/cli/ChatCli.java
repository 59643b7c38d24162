package io.chat.cli;

import io.chat.cli.bench.BenchCommand;
import io.chat.cli.connection.Endpoint;
import io.chat.cli.script.ExecCommand;
import io.chat.cli.script.GroupSendCommand;
import io.chat.cli.script.InboxCommand;
import io.chat.cli.script.RegisterCommand;
import io.chat.cli.script.SendCommand;
import io.chat.cli.shell.ChatShell;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/** chat-cli: the interactive client when run without a command; one-shot commands and the benchmark otherwise. */
@Command(name = "chat-cli", mixinStandardHelpOptions = true, version = "chat-cli 1.0",
    description = "Chat from a terminal (no command), from scripts (one-shot commands), or load-test a node (bench).",
    subcommands = {RegisterCommand.class, SendCommand.class, GroupSendCommand.class, ExecCommand.class,
        InboxCommand.class, BenchCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:the server refused the request (its error code is printed)", "2:wrong usage",
        "3:no connection (unreachable, closed, or no answer)", "4:login refused"})
public final class ChatCli implements Callable<Integer> {

  @Mixin
  EndpointOptions endpoint;

  @Option(names = "--json", scope = ScopeType.INHERIT,
      description = "one-shot commands: print replies and events as the server's JSON lines")
  boolean json;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return new CommandLine(new ChatCli());
  }

  /** Where to connect, as the options (before or after the command's name) say. */
  public Endpoint endpoint() {
    return endpoint.endpoint();
  }

  /** Whether {@code --json} was given, before or after the command's name. */
  public boolean json() {
    return json;
  }

  @Override
  public Integer call() throws Exception {
    Vertx vertx = CliVertx.create(1);
    try {
      return ChatShell.onSystemConsole(vertx, endpoint()).run();
    } finally {
      CliVertx.close(vertx);
    }
  }
}
