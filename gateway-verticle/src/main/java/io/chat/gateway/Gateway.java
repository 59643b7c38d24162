package io.chat.gateway;

import io.chat.common.bus.ServiceClient;
import io.chat.common.config.ChatConfig;
import io.chat.gateway.session.SessionRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the gateway instances and the delivery verticle of one node share: the configuration,
 * the session registry and the client for service requests.
 */
public final class Gateway {

  private final ChatConfig config;
  private final SessionRegistry sessions = new SessionRegistry();
  private final ServiceClient services;
  private final AtomicLong sessionCounter = new AtomicLong();

  public Gateway(Vertx vertx, ChatConfig config) {
    this.config = config;
    this.services = ServiceClient.of(vertx.eventBus(), config);
  }

  public ChatConfig config() {
    return config;
  }

  public String nodeId() {
    return config.nodeId();
  }

  public SessionRegistry sessions() {
    return sessions;
  }

  public ServiceClient services() {
    return services;
  }

  public String nextSessionId() {
    return config.nodeId() + "/" + sessionCounter.incrementAndGet();
  }
}
