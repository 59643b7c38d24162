package io.chat.cli;

import io.chat.cli.connection.Endpoint;
import picocli.CommandLine.Option;

/** Where to connect, as command-line options shared by every command. */
public final class EndpointOptions {

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "the node's address (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port", defaultValue = "6000", description = "the node's client port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--tls", description = "connect with TLS (the node has CHAT_TLS_CERT and CHAT_TLS_KEY)")
  boolean tls;

  @Option(names = "--trust", paramLabel = "PEM", description = "with --tls: trust this certificate (e.g. the node's self-signed one) instead of the system's authorities")
  String trust;

  @Option(names = "--insecure", description = "with --tls: accept any certificate and name (for tests only)")
  boolean insecure;

  public Endpoint endpoint() {
    return new Endpoint(host, port, tls || trust != null || insecure, trust, insecure);
  }
}
