package io.chat.gateway;

import io.chat.common.config.ChatConfig;
import io.chat.common.protocol.Events;
import io.chat.gateway.ops.OpDispatcher;
import io.chat.gateway.protocol.Frames;
import io.chat.gateway.connection.Connection;
import io.chat.gateway.connection.TcpTransport;
import io.chat.gateway.connection.Transport;
import io.chat.gateway.connection.WebSocketTransport;
import io.chat.gateway.ops.LoginFlow;
import io.chat.gateway.web.WebClientFiles;
import io.chat.gateway.web.WebServer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The entry layer: the TCP port, and the HTTP port with WebSocket and the web client. Deployed
 * once per core; the instances share the listening ports and each owns the connections it
 * accepted, whatever their transport. It talks to the services only over the event bus.
 */
public final class GatewayVerticle extends VerticleBase {

  private static final long SHUTDOWN_GRACE_SECONDS = 5;

  private final Gateway gateway;
  /** Open connections, and closed ones whose session is still being closed. */
  private final Set<Connection> connections = new HashSet<>();
  private NetServer server;
  /** The HTTP port (WebSocket and the web client), or null when it is off. */
  private WebServer web;
  private OpDispatcher dispatcher;
  private long idleTimer = -1;

  public GatewayVerticle(Gateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public Future<?> start() {
    ChatConfig config = gateway.config();
    server = vertx.createNetServer(ClientListeners.options(new NetServerOptions(), config, config.host(), config.port()));
    dispatcher = new OpDispatcher(gateway.services(), gateway.sessions().cursors(),
        new LoginFlow(gateway.services(), gateway.sessions(), config.offlineBatch()), gateway.metrics());
    long idleMillis = config.idleTimeoutMillis();
    long sweep = Math.max(100, Math.min(5_000, idleMillis / 4));
    idleTimer = vertx.setPeriodic(sweep, tick -> closeIdle(idleMillis));
    server.connectHandler(socket -> open(new TcpTransport(socket, context, config.frameLimit(),
        config.outboundLimit())));
    Future<?> listening = server.listen();
    if (config.wsPort() < 0) {
      return listening;
    }
    return listening.compose(tcp -> WebClientFiles.load(vertx)).compose(files -> {
      web = new WebServer(vertx, config, files, socket -> open(new WebSocketTransport(socket, context,
          config.frameLimit(), config.outboundLimit())));
      return web.listen();
    });
  }

  /**
   * Stops accepting, says {@code bye} to every connection (the servers' graceful shutdown
   * reaches each socket's shutdown handler), and waits until their sessions are closed in the
   * presence registry and their unwritten messages handed back for storing. Bounded: sockets
   * are closed after the grace period, and each session close is a request with a timeout.
   */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(idleTimer);
    List<Future<Void>> ended = connections.stream().map(Connection::ended).toList();
    Future<Void> tcp = server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
    Future<Void> stopped = web == null ? tcp : Future.join(tcp, web.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS))
        .mapEmpty();
    return stopped.eventually(() -> Future.join(ended));
  }

  /** The TCP port this gateway listens on (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  /** The WebSocket and web client port, or -1 when it is off. */
  public int actualWebPort() {
    return web == null ? -1 : web.actualPort();
  }

  /** One code path for every transport: admitted or refused, then a connection like any other. */
  private void open(Transport transport) {
    String address = transport.remoteAddress();
    if (!gateway.admitConnection(address)) {
      transport.write(Frames.line(Events.bye(Events.BYE_TOO_MANY_CONNECTIONS)));
      transport.close();
      return;
    }
    Connection connection = new Connection(transport, context, gateway.sessions(), dispatcher, gateway::countReply,
        gateway.connectionLimits());
    // Kept until its session is closed too (a login in flight may end it after the socket closed), so stop() waits.
    connections.add(connection);
    connection.closedFuture().onComplete(done -> gateway.connectionClosed(address));
    connection.ended().onComplete(done -> connections.remove(connection));
    connection.start(gateway.nodeId());
  }

  private void closeIdle(long idleMillis) {
    long deadline = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(idleMillis);
    for (Connection connection : List.copyOf(connections)) {
      if (connection.idleSince(deadline)) {
        connection.bye(Events.BYE_IDLE_TIMEOUT);
      }
    }
  }
}
