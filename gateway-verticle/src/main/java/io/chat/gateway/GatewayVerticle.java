package io.chat.gateway;

import io.chat.common.protocol.Events;
import io.chat.gateway.ops.OpDispatcher;
import io.chat.gateway.session.Connection;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The TCP entry layer. Deployed once per core; the instances share the listening port and each
 * owns the connections it accepted. It talks to the services only over the event bus.
 */
public final class GatewayVerticle extends VerticleBase {

  private final Gateway gateway;
  private final Set<Connection> connections = new HashSet<>();
  private NetServer server;
  private OpDispatcher dispatcher;
  private long idleTimer = -1;

  public GatewayVerticle(Gateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public Future<?> start() {
    dispatcher = new OpDispatcher(gateway);
    long idleMillis = gateway.config().idleTimeoutMillis();
    long sweep = Math.max(100, Math.min(5_000, idleMillis / 4));
    idleTimer = vertx.setPeriodic(sweep, tick -> closeIdle(idleMillis));
    server = vertx.createNetServer(new NetServerOptions()
        .setHost(gateway.config().host())
        .setPort(gateway.config().port())
        .setTcpNoDelay(true)
        .setReuseAddress(true));
    server.connectHandler(this::accept);
    return server.listen();
  }

  /** Says {@code bye} to every connection, then waits (bounded) for their sessions to close. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(idleTimer);
    List<Future<Void>> closed = new ArrayList<>();
    for (Connection connection : List.copyOf(connections)) {
      closed.add(connection.bye(Events.BYE_SHUTTING_DOWN));
    }
    // Each session close is an event-bus request with a send timeout, so this is bounded.
    return Future.join(closed).eventually(() -> server.close());
  }

  /** The port this gateway listens on (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private void accept(NetSocket socket) {
    Connection[] self = new Connection[1];
    self[0] = new Connection(socket, context, gateway, dispatcher, () -> {
      connections.remove(self[0]);
      gateway.connectionsChanged(-1);
    });
    connections.add(self[0]);
    gateway.connectionsChanged(1);
    self[0].start();
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
