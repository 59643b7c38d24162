package io.chat.cli.script;

import io.chat.cli.ExitCodes;
import io.chat.cli.command.Command;
import io.chat.cli.command.CommandParser;
import io.chat.cli.connection.ChatConnection;
import io.chat.cli.connection.Credentials;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code chat-cli exec --user alice --password-file F /add bob}: any request the interactive client knows. */
@picocli.CommandLine.Command(name = "exec",
    description = "Run one command of the interactive client, e.g. /add bob, /join team, /friends, /raw {...}.")
public final class ExecCommand extends OneShot {

  @Mixin
  UserOptions user;

  @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "the command and its arguments")
  List<String> words;

  @Override
  Credentials credentials() throws IOException {
    return user.credentials();
  }

  @Override
  int run(ChatConnection connection) {
    Command command = CommandParser.parse(String.join(" ", words), null);
    if (command instanceof Command.Request request) {
      return requestAndPrint(connection, request.body());
    }
    err.println(command instanceof Command.Invalid invalid ? invalid.problem()
        : String.join(" ", words) + " is not a request for the server");
    return ExitCodes.USAGE;
  }
}
