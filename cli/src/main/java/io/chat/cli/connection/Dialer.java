package io.chat.cli.connection;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;

/**
 * Opens connections the way an endpoint says: a TCP client, or a WebSocket client, made once
 * and shared by every connection it opens (to that endpoint, or to another node reached the
 * same way). Each connection holds its dialer: Vert.x closes a client, and its sockets, once
 * it is unreachable.
 */
public final class Dialer {

  /** How long each step of opening a connection may take: the TCP connect, a TLS handshake, the server's hello. */
  static final long STEP_MILLIS = 5_000;
  /**
   * Longer than {@link #connect} takes to fail by itself, saying why (its steps' limits, and a
   * second): a caller that waits this long hears the reason, not only that the wait ran out.
   */
  public static final long CONNECT_MILLIS = 3 * STEP_MILLIS + 1_000;

  private final Vertx vertx;
  private final NetClient tcp;
  private final WebSocketClient webSocket;

  public Dialer(Vertx vertx, Endpoint endpoint) {
    this.vertx = vertx;
    this.tcp = endpoint.webSocket() ? null : vertx.createNetClient(endpoint.clientOptions());
    this.webSocket = endpoint.webSocket() ? vertx.createWebSocketClient(endpoint.webSocketOptions()) : null;
  }

  /**
   * Connects, and completes with the connection once the server's {@code hello} arrived. The
   * connection lives on the calling thread's Vert.x context, or on a context of the dialer's
   * Vert.x when called from elsewhere.
   */
  public Future<ChatConnection> connect(Endpoint endpoint) {
    return ChatConnection.connect(vertx, this, endpoint);
  }

  /** A wire to the endpoint, its handlers set in the task that opened it (before anything is read). */
  Future<Wire> open(Endpoint endpoint, Handler<JsonObject> frames, Handler<Void> ended) {
    if (webSocket != null) {
      // A client of the chat, not a page: no Origin, as a browser would send and the node checks.
      WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(endpoint.host())
          .setPort(endpoint.port()).setURI(Endpoint.WEBSOCKET_PATH).setAllowOriginHeader(false);
      return webSocket.connect(options).map(socket -> new Wire.Messages(socket, frames, ended));
    }
    return tcp.connect(endpoint.port(), endpoint.host()).map(socket -> new Wire.Lines(socket, frames, ended));
  }
}
