package io.chat.gateway;

import io.chat.common.config.ChatConfig;
import io.chat.common.protocol.Events;
import io.chat.gateway.ops.OpDispatcher;
import io.chat.gateway.protocol.Frames;
import io.chat.gateway.connection.Connection;
import io.chat.gateway.connection.TcpTransport;
import io.chat.gateway.connection.Transport;
import io.chat.gateway.ops.LoginFlow;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The TCP entry layer. Deployed once per core; the instances share the listening port and each
 * owns the connections it accepted. It talks to the services only over the event bus.
 */
public final class GatewayVerticle extends VerticleBase {

  private static final long SHUTDOWN_GRACE_SECONDS = 5;

  private final Gateway gateway;
  /** Open connections, and closed ones whose session is still being closed. */
  private final Set<Connection> connections = new HashSet<>();
  private NetServer server;
  private OpDispatcher dispatcher;
  private long idleTimer = -1;

  public GatewayVerticle(Gateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public Future<?> start() {
    server = vertx.createNetServer(serverOptions(gateway.config()));
    dispatcher = new OpDispatcher(gateway.services(), gateway.sessions().cursors(),
        new LoginFlow(gateway.services(), gateway.sessions(), gateway.config().offlineBatch()), gateway.metrics());
    long idleMillis = gateway.config().idleTimeoutMillis();
    long sweep = Math.max(100, Math.min(5_000, idleMillis / 4));
    idleTimer = vertx.setPeriodic(sweep, tick -> {
      closeIdle(idleMillis);
      gateway.forgetIdleAddresses();
    });
    server.connectHandler(this::accept);
    return server.listen();
  }

  /**
   * Stops accepting, says {@code bye} to every connection (the server's graceful shutdown
   * reaches each socket's shutdown handler), and waits until their sessions are closed in the
   * presence registry and their unwritten messages handed back for storing. Bounded: sockets
   * are closed after the grace period, and each session close is a request with a timeout.
   */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(idleTimer);
    List<Future<Void>> ended = connections.stream().map(Connection::ended).toList();
    return server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)
        .eventually(() -> Future.join(ended));
  }

  /** The client port's options: TLS when a certificate and key are configured (PEM files). */
  private static NetServerOptions serverOptions(ChatConfig config) {
    NetServerOptions options = new NetServerOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setTcpNoDelay(true)
        .setReuseAddress(true);
    if (config.tls()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.tlsCert())
          .setKeyPath(config.tlsKey()));
    }
    return options;
  }

  /** The port this gateway listens on (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private void accept(NetSocket socket) {
    String address = socket.remoteAddress().hostAddress();
    if (!gateway.admitConnection(address)) {
      socket.write(Frames.line(Events.bye(Events.BYE_TOO_MANY_CONNECTIONS)));
      socket.close();
      return;
    }
    Transport transport = new TcpTransport(socket, context, gateway.config().frameLimit(),
        gateway.config().outboundLimit());
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
