package io.chat.gateway.web;

import io.chat.common.config.ChatConfig;
import io.chat.gateway.ClientListeners;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP port ({@code CHAT_WS_HOST}:{@code CHAT_WS_PORT}): WebSocket connections at
 * {@link #WEB_SOCKET_PATH}, checked at the handshake ({@link OriginCheck}), and the web client's
 * files for every other request. A port of its own: a NetServer and an HttpServer on one port
 * would share its connections instead of failing.
 */
public final class WebServer {

  public static final String WEB_SOCKET_PATH = "/ws";

  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

  private final HttpServer server;
  private final OriginCheck origins;

  /** @param connections receives each WebSocket once its handshake is accepted */
  public WebServer(Vertx vertx, ChatConfig config, WebClientFiles files, Handler<ServerWebSocket> connections) {
    this.server = vertx.createHttpServer(options(config));
    this.origins = new OriginCheck(config.wsOrigins());
    server.webSocketHandshakeHandler(this::handshake);
    server.webSocketHandler(connections);
    server.requestHandler(files::serve);
  }

  /**
   * Vert.x's own limits on a WebSocket frame and message are twice the frame limit, so that a
   * message over the frame limit reaches the connection, which answers it ({@code
   * frame_too_large}, {@code bye}). Compression is off: chat frames are small, and a compressed
   * message could inflate far beyond the limit that its compressed size passed.
   */
  static HttpServerOptions options(ChatConfig config) {
    int vertxLimit = 2 * config.frameLimit();
    return ClientListeners.options(new HttpServerOptions(), config, config.wsHost(), config.wsPort())
        .setMaxWebSocketFrameSize(vertxLimit)
        .setMaxWebSocketMessageSize(vertxLimit)
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false);
  }

  public Future<HttpServer> listen() {
    return server.listen();
  }

  /** Stops accepting; each WebSocket's shutdown handler is told, and it is closed after the timeout. */
  public Future<Void> shutdown(long timeout, TimeUnit unit) {
    return server.shutdown(timeout, unit);
  }

  public int actualPort() {
    return server.actualPort();
  }

  private void handshake(ServerWebSocketHandshake handshake) {
    if (!WEB_SOCKET_PATH.equals(handshake.path())) {
      handshake.reject(404);
      return;
    }
    String origin = handshake.headers().get(HttpHeaders.ORIGIN);
    if (!origins.allows(origin, handshake.headers().get(HttpHeaders.HOST))) {
      LOG.info("WebSocket handshake from {} refused: origin {} is neither this node's nor in CHAT_WS_ORIGINS",
          handshake.remoteAddress().hostAddress(), origin);
      handshake.reject(403);
      return;
    }
    handshake.accept();
  }
}
