package io.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ConfigKeys;
import io.chat.testkit.TestCertificate;
import io.chat.testkit.TestStores;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client port over TLS, with a PEM certificate and key. */
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
