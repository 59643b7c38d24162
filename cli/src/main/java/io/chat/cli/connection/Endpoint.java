package io.chat.cli.connection;

import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * Where a chat node listens and how to reach it: plain TCP, or TLS that trusts the system's
 * certificate authorities, a given PEM certificate, or (for tests) anything.
 */
public record Endpoint(String host, int port, boolean tls, String trustPem, boolean insecure) {

  public static Endpoint plain(String host, int port) {
    return new Endpoint(host, port, false, null, false);
  }

  /** Client options for this endpoint; a name is checked against the certificate unless insecure. */
  public NetClientOptions clientOptions() {
    NetClientOptions options = new NetClientOptions()
        .setTcpNoDelay(true)
        .setConnectTimeout(10_000);
    if (tls) {
      options.setSsl(true);
      if (insecure) {
        options.setTrustAll(true).setHostnameVerificationAlgorithm("");
      } else {
        options.setHostnameVerificationAlgorithm("HTTPS");
        if (trustPem != null) {
          options.setTrustOptions(new PemTrustOptions().addCertPath(trustPem));
        }
      }
    }
    return options;
  }

  @Override
  public String toString() {
    return (tls ? "tls://" : "") + host + ":" + port;
  }
}
