package io.chat.cli.script;

import io.chat.cli.connection.Credentials;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Who a one-shot command acts as; the password comes from a file, never from the command line. */
public final class UserOptions {

  @Option(names = "--user", required = true, description = "the user's name")
  String user;

  @Option(names = "--password-file", required = true, paramLabel = "FILE",
      description = "a file whose first line is the password; - reads it from standard input")
  String passwordFile;

  Credentials credentials() throws IOException {
    return Credentials.password(user, firstLine());
  }

  private String firstLine() throws IOException {
    if (passwordFile.equals("-")) {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      return line == null ? "" : line;
    }
    try (BufferedReader reader = Files.newBufferedReader(Path.of(passwordFile), StandardCharsets.UTF_8)) {
      String line = reader.readLine();
      return line == null ? "" : line;
    }
  }
}
