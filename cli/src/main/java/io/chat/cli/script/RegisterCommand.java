package io.chat.cli.script;

import io.chat.cli.connection.ChatConnection;
import io.chat.cli.connection.Credentials;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code chat-cli register --user alice --password-file F}. */
@Command(name = "register", description = "Create an account.")
public final class RegisterCommand extends OneShot {

  @Mixin
  UserOptions user;

  private Credentials account;

  @Override
  Credentials credentials() throws IOException {
    account = user.credentials();
    return null;
  }

  @Override
  int run(ChatConnection connection) {
    return requestAndPrint(connection, account.register());
  }
}
