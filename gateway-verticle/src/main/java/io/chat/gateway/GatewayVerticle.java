package io.chat.gateway;

import io.chat.common.config.ChatConfig;
import io.chat.common.protocol.Events;
import io.chat.gateway.connection.Connection;
import io.chat.gateway.connection.TcpListener;
import io.chat.gateway.connection.Transport;
import io.chat.gateway.connection.WebSocketTransport;
import io.chat.gateway.ops.LoginFlow;
import io.chat.gateway.ops.OpDispatcher;
import io.chat.gateway.protocol.Frames;
import io.chat.gateway.web.WebClientFiles;
import io.chat.gateway.web.WebServer;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The entry layer: the TCP port ({@link TcpListener}), and the HTTP port with WebSocket and the
 * web client ({@link WebServer}). Deployed once per core; the instances share the listening ports
 * and each owns the connections it accepted, whatever their transport. It talks to the services
 * only over the event bus.
 *
 * <p>A connection lives on the event loop its socket is on: a TCP socket on this instance's (its
 * {@link TcpListener} accepts there), a WebSocket on the one Vert.x calls the handler on, which is
 * not always this instance's. What this instance does to its connections (idle sweeps, the stop)
 * runs on each connection's context.
 */
public final class GatewayVerticle extends VerticleBase implements Connection.Lifecycle {

  private static final long SHUTDOWN_GRACE_SECONDS = 5;

  private final Gateway gateway;
  /** Open connections, and closed ones whose session is still being closed. */
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private TcpListener tcp;
  private int tcpPort;
  /** The HTTP port (WebSocket and the web client), or null when it is off. */
  private WebServer web;
  private OpDispatcher dispatcher;
  private long idleTimer = -1;
  /** While stopping: completed once every connection has ended. */
  private volatile Promise<Void> allEnded;

  public GatewayVerticle(Gateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public Future<?> start() {
    ChatConfig config = gateway.config();
    dispatcher = new OpDispatcher(gateway.services(), gateway.sessions().cursors(),
        new LoginFlow(gateway.services(), gateway.sessions(), config.offlineBatch()), gateway.metrics());
    long idleMillis = config.idleTimeoutMillis();
    long sweep = Math.max(100, Math.min(5_000, idleMillis / 4));
    idleTimer = vertx.setPeriodic(sweep, tick -> {
      closeIdle(idleMillis);
      gateway.forgetIdleAddresses();
    });
    Future<Integer> listening = tlsContext(config)
        .compose(tls -> {
          tcp = new TcpListener((ContextInternal) context, serverOptions(config), tls, config.frameLimit(),
              config.outboundLimit(), transport -> open(transport, context));
          return gateway.sharedPort(config.port(), tcp::listen);
        })
        .onSuccess(port -> tcpPort = port);
    if (config.wsPort() < 0) {
      return listening;
    }
    return listening.compose(tcpListening -> WebClientFiles.load(vertx)).compose(files -> {
      web = new WebServer(vertx, config, files, socket -> {
        Context socketContext = vertx.getOrCreateContext();
        open(new WebSocketTransport(socket, socketContext, config.frameLimit(), config.outboundLimit()), socketContext);
      });
      return web.listen();
    });
  }

  /**
   * Stops accepting, says {@code bye} to every connection once the requests it has read are
   * answered, and waits until their sessions are closed in the presence registry. Bounded: what
   * is still open after the grace period is closed.
   */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(idleTimer);
    allEnded = Promise.promise();
    if (connections.isEmpty()) {
      allEnded.tryComplete();
    }
    // The HTTP server tells each of its WebSockets itself, and closes them after the grace period.
    Future<Void> webStopped = web == null ? Future.succeededFuture()
        : web.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
    return (tcp == null ? Future.succeededFuture() : tcp.close())
        .compose(closed -> {
          // Telling a connection twice (a WebSocket) changes nothing.
          List.copyOf(connections).forEach(connection -> connection.onItsContext(Connection::shuttingDown));
          return Future.any(allEnded.future(), vertx.timer(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS));
        })
        .compose(graceOver -> {
          List.copyOf(connections).forEach(connection -> connection.onItsContext(Connection::cutOff));
          return Future.join(allEnded.future(), webStopped);
        });
  }

  /** The TCP port's socket options (TLS is the node's {@link SslContext}, built apart). */
  private static NetServerOptions serverOptions(ChatConfig config) {
    return new NetServerOptions()
        .setHost(config.host())
        .setTcpNoDelay(true)
        .setReuseAddress(true)
        .setReusePort(true);
  }

  /** The node's TLS context when it has a certificate and key (PEM files), else null. */
  private Future<SslContext> tlsContext(ChatConfig config) {
    if (!config.tls()) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> SslContextBuilder.forServer(new PemKeyCertOptions()
        .setCertPath(config.tlsCert()).setKeyPath(config.tlsKey()).getKeyManagerFactory(vertx)).build());
  }

  /** The TCP port this gateway listens on (useful when configured as 0). */
  public int actualPort() {
    return tcpPort;
  }

  /** The WebSocket and web client port, or -1 when it is off. */
  public int actualWebPort() {
    return web == null ? -1 : web.actualPort();
  }

  /** One code path for every transport: admitted or refused, then a connection like any other, on its socket's context. */
  private void open(Transport transport, Context socketContext) {
    String address = transport.remoteAddress();
    if (!gateway.admitConnection(address)) {
      transport.send(Frames.line(Events.bye(Events.BYE_TOO_MANY_CONNECTIONS)));
      transport.close();
      return;
    }
    Connection connection = new Connection(transport, socketContext, gateway.sessions(), dispatcher, gateway::countReply,
        gateway.connectionLimits(), this);
    // Kept until its session is closed too (a login in flight may end it after the socket closed), so stop() waits.
    connections.add(connection);
    connection.start(gateway.nodeId());
  }

  @Override
  public void closed(Connection connection) {
    gateway.connectionClosed(connection.remoteAddress());
  }

  @Override
  public void ended(Connection connection) {
    connections.remove(connection);
    if (allEnded != null && connections.isEmpty()) {
      allEnded.tryComplete();
    }
  }

  private void closeIdle(long idleMillis) {
    long deadline = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(idleMillis);
    for (Connection connection : List.copyOf(connections)) {
      connection.onItsContext(idle -> {
        if (idle.idleSince(deadline)) {
          idle.bye(Events.BYE_IDLE_TIMEOUT);
        }
      });
    }
  }
}
