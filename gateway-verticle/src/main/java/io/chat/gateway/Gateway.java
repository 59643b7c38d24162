package io.chat.gateway;

import io.chat.common.bus.ServiceClient;
import io.chat.common.config.ChatConfig;
import io.chat.common.metrics.ChatMetrics;
import io.chat.common.protocol.Op;
import io.chat.gateway.connection.ConnectRate;
import io.chat.gateway.connection.ConnectionLimits;
import io.chat.gateway.session.SessionManager;
import io.chat.gateway.session.SessionRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What the gateway instances and the delivery verticle of one node share: the configuration,
 * the sessions, the client for service requests and the node's meters (connections, sessions
 * and users online are gauges of this state).
 */
public final class Gateway {

  private final ChatConfig config;
  private final ServiceClient services;
  private final SessionManager sessions;
  private final MeterRegistry metrics;
  private final AtomicInteger connections = new AtomicInteger();
  /** By op label, then result. */
  private final ConcurrentMap<String, ConcurrentMap<String, Counter>> replies = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Integer> byAddress = new ConcurrentHashMap<>();
  private final ConnectRate connectRate;
  /** The client port the first gateway instance got. */
  private Future<Integer> tcpPort;

  public Gateway(Vertx vertx, ChatConfig config) {
    this.config = config;
    this.services = ServiceClient.of(vertx.eventBus(), config);
    this.metrics = ChatMetrics.registry(config);
    this.sessions = new SessionManager(vertx, config.nodeId(), services, metrics);
    this.connectRate = new ConnectRate(config.connectRate(), config.connectBurst());
    Gauge.builder("chat.connections", connections, AtomicInteger::get)
        .description("Open client connections").register(metrics);
    SessionRegistry registry = sessions.registry();
    Gauge.builder("chat.sessions", registry, SessionRegistry::sessionCount)
        .description("Logged-in sessions on this node").register(metrics);
    Gauge.builder("chat.users.online", registry, SessionRegistry::userCount)
        .description("Distinct users with a session on this node").register(metrics);
  }

  public MeterRegistry metrics() {
    return metrics;
  }

  /**
   * Counts a reply ({@code chat_requests_total}, by op and result: {@code ok} or the error
   * code). Ops outside the protocol are counted as {@code unknown}, so clients cannot grow the
   * label set.
   */
  public void countReply(String op, String result) {
    String opLabel = op == null ? "none" : Op.ofWireName(op) == null ? "unknown" : op;
    replies.computeIfAbsent(opLabel, key -> new ConcurrentHashMap<>())
        .computeIfAbsent(result, key -> Counter.builder("chat.requests")
            .description("Requests answered, by op and result (ok or the error code)")
            .tag("op", opLabel)
            .tag("result", result)
            .register(metrics))
        .increment();
  }

  /**
   * Takes a connection slot for a client address; false when the node or that address has
   * reached its cap ({@code CHAT_MAX_CONNECTIONS}, {@code CHAT_MAX_CONNECTIONS_PER_ADDRESS}), or
   * the address opens connections faster than {@code CHAT_CONNECT_RATE} allows.
   */
  public boolean admitConnection(String address) {
    if (!connectRate.tryConnect(address)) {
      return false;
    }
    if (connections.incrementAndGet() > config.maxConnections()) {
      connections.decrementAndGet();
      return false;
    }
    if (byAddress.merge(address, 1, Integer::sum) > config.maxConnectionsPerAddress()) {
      connectionClosed(address);
      return false;
    }
    return true;
  }

  /**
   * Where the gateway instances listen: the first to ask binds the configured port (0: any free
   * one), the others bind the port it got, so that all of them share one port.
   *
   * @param bind listens on a port, completing with the port it got
   */
  public synchronized Future<Integer> sharedPort(int configured, Function<Integer, Future<Integer>> bind) {
    if (tcpPort == null) {
      tcpPort = bind.apply(configured);
      return tcpPort;
    }
    return tcpPort.compose(bind);
  }

  /** Forgets the connect budgets of addresses that have not connected for a while (a periodic sweep). */
  public void forgetIdleAddresses() {
    connectRate.forgetIdle();
  }

  /** Gives back the slot of a closed connection. */
  public void connectionClosed(String address) {
    connections.decrementAndGet();
    byAddress.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
  }

  public ConnectionLimits connectionLimits() {
    return new ConnectionLimits(config.frameLimit(), config.rateLimit(), config.rateBurst());
  }

  public ChatConfig config() {
    return config;
  }

  public String nodeId() {
    return config.nodeId();
  }

  public SessionManager sessions() {
    return sessions;
  }

  public ServiceClient services() {
    return services;
  }
}
