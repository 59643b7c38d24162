package io.chat.gateway;

import io.chat.common.config.ChatConfig;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;

/** What the node's client listeners (TCP, and HTTP with WebSocket) share: TLS and socket options. */
public final class ClientListeners {

  private ClientListeners() {
  }

  /** Sets host, port and socket options, and TLS when a certificate and key are configured (PEM files). */
  public static <T extends NetServerOptions> T options(T options, ChatConfig config, String host, int port) {
    options.setHost(host)
        .setPort(port)
        .setTcpNoDelay(true)
        .setReuseAddress(true);
    if (config.tls()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.tlsCert())
          .setKeyPath(config.tlsKey()));
    }
    return options;
  }
}
