package io.chat.cli.connection;

import io.chat.common.failure.FailureText;
import io.netty.handler.ssl.NotSslRecordException;
import io.vertx.core.http.UpgradeRejectedException;
import java.net.ConnectException;
import javax.net.ssl.SSLException;

/**
 * Why a connection did not come up, in words for its user (who is told where it tried), and,
 * where the usual cause is a wrong option (a TLS port reached without {@code --tls}, a
 * self-signed certificate without {@code --trust}, the TCP port reached with {@code --ws}),
 * which option to check.
 */
final class ConnectFailures {

  private ConnectFailures() {
  }

  /** The connection attempt itself failed. */
  static String opening(Endpoint endpoint, Throwable failure) {
    if (find(failure, NotSslRecordException.class) != null) {
      return "the server does not speak TLS on this port (a node without TLS needs no --tls)";
    }
    if (find(failure, SSLException.class) != null) {
      return "the TLS handshake failed: " + FailureText.of(deepest(failure))
          + (endpoint.trustPem() == null && !endpoint.insecure()
              ? " (for a node whose certificate no authority signed, name it with --trust PEM)" : "");
    }
    UpgradeRejectedException rejected = find(failure, UpgradeRejectedException.class);
    if (rejected != null) {
      // Netty reads an answer that is not HTTP (a node's TCP port says hello in JSON) as status 999.
      String answer = rejected.getStatus() == 999 ? "it did not answer in HTTP" : "HTTP status " + rejected.getStatus();
      return "no WebSocket at " + Endpoint.WEBSOCKET_PATH + " (" + answer
          + "): is it the node's TCP port? Its WebSocket port is 6080 unless CHAT_WS_PORT says otherwise";
    }
    ConnectException refused = find(failure, ConnectException.class);
    return refused != null ? FailureText.of(deepest(refused)) + " (is a node listening there?)" : FailureText.of(failure);
  }

  /** Connected, but no {@code hello} came in time. */
  static String noHello(Endpoint endpoint, long waitedMillis) {
    return "no hello within " + waitedMillis / 1000 + " s: is it a chat node's "
        + (endpoint.webSocket() ? "WebSocket" : "TCP") + " port?" + tlsHint(endpoint);
  }

  /** Connected, but closed before its {@code hello}. */
  static String closedBeforeHello(Endpoint endpoint) {
    return "the server closed the connection before saying hello" + tlsHint(endpoint);
  }

  private static String tlsHint(Endpoint endpoint) {
    return endpoint.tls() ? "" : " (a node with TLS needs --tls)";
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
    }
    return null;
  }

  private static Throwable deepest(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
