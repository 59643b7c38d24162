package io.chat.server;

import static io.chat.server.Cluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ConfigKeys;
import io.chat.testkit.ClientEndpoint;
import io.chat.testkit.ClientTransport;
import io.chat.testkit.LineClient;
import io.chat.testkit.TestCertificate;
import io.chat.testkit.TestStores;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client port and the WebSocket port over TLS, with a PEM certificate and key. */
@DisplayName("A node with TLS")
class TlsEndToEndTest {

  @RegisterExtension
  static TestStores stores = new TestStores();

  @Test
  @DisplayName("speaks the protocol over TLS to a client that trusts its certificate")
  void tls() throws Exception {
    TestCertificate certificate = TestCertificate.selfSigned();
    Path cert = certificate.cert();
    Path key = certificate.key();
    ChatNode node = NodeHarness.start(stores, ConfigKeys.TLS_CERT, cert.toString(), ConfigKeys.TLS_KEY, key.toString());
    try (SSLSocket socket = (SSLSocket) trusting(cert).getSocketFactory().createSocket("127.0.0.1", node.port())) {
      socket.setSoTimeout(10_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      assertEquals("hello", new JsonObject(in.readLine()).getString("event"));
      out.write("{\"op\":\"ping\",\"ref\":\"tls\"}\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertEquals(new JsonObject().put("op", "ping").put("ok", true).put("ref", "tls"), new JsonObject(in.readLine()));
      assertTrue(socket.getSession().getProtocol().startsWith("TLS"));
    } finally {
      NodeHarness.stop(node);
    }
  }

  @Test
  @DisplayName("speaks WebSocket over TLS (wss) and serves the web client over https, with the same certificate")
  void wss() throws Exception {
    TestCertificate certificate = TestCertificate.selfSigned();
    ChatNode node = NodeHarness.start(stores, ConfigKeys.TLS_CERT, certificate.cert().toString(),
        ConfigKeys.TLS_KEY, certificate.key().toString());
    Vertx vertx = Vertx.vertx();
    try {
      SSLContext trust = trusting(certificate.cert());
      LineClient client = await(LineClient.connect(vertx,
          ClientEndpoint.of(ClientTransport.WEBSOCKET, "127.0.0.1", node.webPort()).tls(trust)));
      assertEquals(node.nodeId(), client.hello().getString("node"));
      assertEquals(new JsonObject().put("op", "ping").put("ok", true).put("ref", "wss"),
          await(client.request(new JsonObject().put("op", "ping").put("ref", "wss"))));
      HttpsURLConnection page = (HttpsURLConnection) URI.create("https://127.0.0.1:" + node.webPort() + "/").toURL()
          .openConnection();
      page.setSSLSocketFactory(trust.getSocketFactory());
      assertEquals(200, page.getResponseCode());
      assertTrue(new String(page.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("<title>"));
      Throwable plain = assertThrows(Exception.class, () -> await(LineClient.connect(vertx, ClientTransport.WEBSOCKET,
          node.webPort())));
      assertFalse(plain.toString().contains("hello"), "no plain WebSocket on a TLS node: " + plain);
    } finally {
      NodeHarness.stop(node);
      await(vertx.close());
    }
  }

  @Test
  @DisplayName("refuses to start with a certificate but no key, instead of listening in plain text")
  void certificateWithoutKey() {
    Exception refused = assertThrows(Exception.class,
        () -> NodeHarness.start(stores, ConfigKeys.TLS_CERT, "/nonexistent/cert.pem"));
    assertTrue(String.valueOf(refused.getMessage()).contains(ConfigKeys.TLS_KEY), refused.toString());
  }

  private static SSLContext trusting(Path cert) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream pem = Files.newInputStream(cert)) {
      trusted.setCertificateEntry("node", CertificateFactory.getInstance("X.509").generateCertificate(pem));
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
