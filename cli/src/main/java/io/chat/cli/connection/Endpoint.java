package io.chat.cli.connection;

import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.concurrent.TimeUnit;

/**
 * Where a chat node listens and how to reach it: newline-delimited JSON on its client port, or
 * JSON text messages on its WebSocket port ({@value #WEBSOCKET_PATH}); either plain or over TLS
 * that trusts the system's certificate authorities, a given PEM certificate, or (for tests)
 * anything.
 */
public record Endpoint(String host, int port, boolean tls, String trustPem, boolean insecure, boolean webSocket) {

  /** Where a node's WebSocket port takes chat connections. */
  public static final String WEBSOCKET_PATH = "/ws";
  /** Longest frame accepted from the server: its frames are far smaller. */
  static final int MAX_FRAME = 1 << 20;

  public static Endpoint plain(String host, int port) {
    return new Endpoint(host, port, false, null, false, false);
  }

  /** The same way in, to another node (another host or port). */
  public Endpoint at(String otherHost, int otherPort) {
    return new Endpoint(otherHost, otherPort, tls, trustPem, insecure, webSocket);
  }

  /** Client options for a TCP endpoint. */
  public NetClientOptions clientOptions() {
    return secured(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout((int) Dialer.STEP_MILLIS));
  }

  /**
   * Client options for a WebSocket endpoint. One client opens every connection (a bench opens
   * thousands), and Vert.x lets a WebSocket client hold only 50 to a server unless told otherwise.
   */
  public WebSocketClientOptions webSocketOptions() {
    return secured(new WebSocketClientOptions().setTcpNoDelay(true).setConnectTimeout((int) Dialer.STEP_MILLIS)
        .setMaxFrameSize(MAX_FRAME).setMaxMessageSize(MAX_FRAME).setMaxConnections(Integer.MAX_VALUE));
  }

  /** With TLS, a name is checked against the certificate unless insecure. */
  private <T extends ClientOptionsBase> T secured(T options) {
    if (tls) {
      options.setSsl(true);
      options.setSslHandshakeTimeout(Dialer.STEP_MILLIS);
      options.setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
      // Also makes the options' SSL part, which the name check is set on.
      options.setTrustAll(insecure);
      options.getSslOptions().setHostnameVerificationAlgorithm(insecure ? "" : "HTTPS");
      if (!insecure && trustPem != null) {
        options.setTrustOptions(new PemTrustOptions().addCertPath(trustPem));
      }
    }
    return options;
  }

  @Override
  public String toString() {
    if (webSocket) {
      return (tls ? "wss://" : "ws://") + host + ":" + port + WEBSOCKET_PATH;
    }
    return (tls ? "tls://" : "") + host + ":" + port;
  }
}
