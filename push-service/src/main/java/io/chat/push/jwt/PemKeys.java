package io.chat.push.jwt;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Private keys from PEM text in PKCS#8 form ({@code BEGIN PRIVATE KEY}), as Google and Apple hand them out. */
public final class PemKeys {

  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private PemKeys() {
  }

  /**
   * @param algorithm the key's JDK algorithm ({@code RSA}, {@code EC})
   * @throws IllegalArgumentException with a reason fit for an operator when the text holds no such key
   */
  public static PrivateKey privateKey(String pem, String algorithm) {
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("holds no PKCS#8 private key (" + BEGIN + ")");
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new IllegalArgumentException("holds no " + algorithm + " private key: " + e.getMessage());
    }
  }
}
