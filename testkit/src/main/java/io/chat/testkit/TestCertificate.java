package io.chat.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A self-signed certificate for localhost and 127.0.0.1, and its key, as PEM files. */
public record TestCertificate(Path cert, Path key) {

  /**
   * Makes one with openssl in a new temporary directory; a test that needs it is skipped where
   * openssl is not installed.
   */
  public static TestCertificate selfSigned() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("chat-tls");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process openssl;
    try {
      openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
          "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
          "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
    } catch (IOException noOpenssl) {
      assumeTrue(false, "openssl is not installed");
      throw noOpenssl;
    }
    if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
      throw new IOException("openssl could not make a certificate: "
          + new String(openssl.getInputStream().readAllBytes()));
    }
    return new TestCertificate(cert, key);
  }
}
