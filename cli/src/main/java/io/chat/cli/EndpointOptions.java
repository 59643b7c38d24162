package io.chat.cli;

import io.chat.cli.connection.Endpoint;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where to connect: options of the top command that every command inherits, so they may come
 * before a command's name as well as after it.
 */
public final class EndpointOptions {

  static final int CLIENT_PORT = 6000;
  static final int WEBSOCKET_PORT = 6080;

  @Option(scope = ScopeType.INHERIT, names = "--host", defaultValue = "127.0.0.1", description = "the node's address (default: ${DEFAULT-VALUE})")
  String host;

  @Option(scope = ScopeType.INHERIT, names = "--port", description = "the node's client port (default: 6000, or 6080 with --ws)")
  Integer port;

  @Option(scope = ScopeType.INHERIT, names = "--ws", description = "connect over WebSocket, to the node's CHAT_WS_PORT (path /ws)")
  boolean webSocket;

  @Option(scope = ScopeType.INHERIT, names = "--tls", description = "connect with TLS (the node has CHAT_TLS_CERT and CHAT_TLS_KEY)")
  boolean tls;

  @Option(scope = ScopeType.INHERIT, names = "--trust", paramLabel = "PEM", description = "with --tls: trust this certificate (e.g. the node's self-signed one) instead of the system's authorities")
  String trust;

  @Option(scope = ScopeType.INHERIT, names = "--insecure", description = "with --tls: accept any certificate and name (for tests only)")
  boolean insecure;

  public Endpoint endpoint() {
    int chosen = port != null ? port : webSocket ? WEBSOCKET_PORT : CLIENT_PORT;
    return new Endpoint(host, chosen, tls || trust != null || insecure, trust, insecure, webSocket);
  }
}
