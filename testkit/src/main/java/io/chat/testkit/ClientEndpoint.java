package io.chat.testkit;

import javax.net.ssl.SSLContext;

/**
 * Where a test client connects, and how.
 *
 * @param transport TCP or WebSocket (at {@link WebSocketCodec#PATH})
 * @param host the node's address
 * @param port its TCP port or its WebSocket port, as the transport needs
 * @param from the local address to connect from; null for any
 * @param origin the WebSocket handshake's {@code Origin} header; null sends none, as a non-browser client does
 * @param tls TLS with this context's trust; null for plain
 */
public record ClientEndpoint(ClientTransport transport, String host, int port, String from, String origin, SSLContext tls) {

  public static ClientEndpoint of(ClientTransport transport, String host, int port) {
    return new ClientEndpoint(transport, host, port, null, null, null);
  }

  public static ClientEndpoint tcp(String host, int port) {
    return of(ClientTransport.TCP, host, port);
  }

  public ClientEndpoint from(String localAddress) {
    return new ClientEndpoint(transport, host, port, localAddress, origin, tls);
  }

  public ClientEndpoint origin(String pageOrigin) {
    return new ClientEndpoint(transport, host, port, from, pageOrigin, tls);
  }

  public ClientEndpoint tls(SSLContext context) {
    return new ClientEndpoint(transport, host, port, from, origin, context);
  }
}
