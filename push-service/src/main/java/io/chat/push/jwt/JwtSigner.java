package io.chat.push.jwt;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Signs JWTs (JWS compact serialization) with one private key and the JDK's crypto. Signing an
 * RSA token costs about a millisecond of CPU: call it off the event loop.
 */
public final class JwtSigner {

  /** The JOSE algorithms the providers ask for, and the JDK signature that makes each. */
  public enum Algorithm {
    RS256("SHA256withRSA"),
    // The P1363 form is the 64 bytes r || s that JOSE wants, where plain SHA256withECDSA gives DER.
    ES256("SHA256withECDSAinP1363Format");

    private final String jdkName;

    Algorithm(String jdkName) {
      this.jdkName = jdkName;
    }
  }

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final Algorithm algorithm;
  private final PrivateKey key;
  private final String encodedHeader;

  /** @param header the header's fields besides {@code alg} ({@code kid}, {@code typ}) */
  public JwtSigner(Algorithm algorithm, PrivateKey key, JsonObject header) {
    this.algorithm = algorithm;
    this.key = key;
    this.encodedHeader = encode(new JsonObject().put("alg", algorithm.name()).mergeIn(header));
  }

  /** {@code header.claims.signature}, each part base64url without padding. */
  public String sign(JsonObject claims) {
    String signingInput = encodedHeader + "." + encode(claims);
    try {
      Signature signature = Signature.getInstance(algorithm.jdkName);
      signature.initSign(key);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + BASE64URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a " + algorithm + " token: " + e.getMessage(), e);
    }
  }

  private static String encode(JsonObject json) {
    return BASE64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
