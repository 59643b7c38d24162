package io.chat.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * A TCP proxy between a node and a store (MySQL, Redis) that a test can break: {@link #cut()}
 * drops every connection and refuses new ones (the store is gone), {@link #hang()} keeps
 * connections open but passes nothing (the store stopped answering), {@link #restore()} goes
 * back to forwarding.
 */
public final class FaultProxy {

  private enum Mode { FORWARD, CUT, HANG }

  /** One client for every connection to the store, held here: Vert.x closes an unreachable client. */
  private final NetClient client;
  private final String targetHost;
  private final int targetPort;
  private final Set<NetSocket> sockets = new HashSet<>();
  private NetServer server;
  private volatile Mode mode = Mode.FORWARD;

  private FaultProxy(Vertx vertx, String targetHost, int targetPort) {
    this.client = vertx.createNetClient();
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** A proxy on a free port of 127.0.0.1 to the given store. */
  public static Future<FaultProxy> start(Vertx vertx, String targetHost, int targetPort) {
    FaultProxy proxy = new FaultProxy(vertx, targetHost, targetPort);
    proxy.server = vertx.createNetServer().connectHandler(proxy::accept);
    return proxy.server.listen(TestPorts.free(), "127.0.0.1").map(proxy);
  }

  public int port() {
    return server.actualPort();
  }

  /** Drops every connection; new ones are closed at once. */
  public void cut() {
    mode = Mode.CUT;
    Set.copyOf(sockets).forEach(NetSocket::close);
  }

  /** Passes nothing, in either direction, until restored. */
  public void hang() {
    mode = Mode.HANG;
    Set.copyOf(sockets).forEach(NetSocket::pause);
  }

  /** Forwards again (held connections resume; cut ones stay gone). */
  public void restore() {
    mode = Mode.FORWARD;
    Set.copyOf(sockets).forEach(NetSocket::resume);
  }

  public Future<Void> close() {
    Set.copyOf(sockets).forEach(NetSocket::close);
    return server.close().eventually(client::close);
  }

  private void accept(NetSocket inbound) {
    if (mode == Mode.CUT) {
      inbound.close();
      return;
    }
    inbound.pause();
    client.connect(targetPort, targetHost).onComplete(connected -> {
      if (connected.failed() || mode == Mode.CUT) {
        inbound.close();
        if (connected.succeeded()) {
          connected.result().close();
        }
        return;
      }
      NetSocket store = connected.result();
      track(inbound, store);
      track(store, inbound);
      inbound.handler(store::write);
      store.handler(inbound::write);
      if (mode == Mode.FORWARD) {
        inbound.resume();
      } else {
        store.pause();
      }
    });
  }

  private void track(NetSocket socket, NetSocket peer) {
    sockets.add(socket);
    socket.closeHandler(v -> {
      sockets.remove(socket);
      peer.close();
    });
  }
}
