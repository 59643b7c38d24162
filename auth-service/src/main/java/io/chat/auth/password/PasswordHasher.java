package io.chat.auth.password;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 password hashes in a self-describing form,
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (Base64), so the cost can rise later: a
 * hash made at another cost still verifies, and {@link #needsRehash} says when to replace it.
 *
 * <p>Hashing is deliberately slow (OWASP: 600,000 iterations): call it on a worker thread,
 * never on an event loop.
 */
public final class PasswordHasher {

  static final String SCHEME = "pbkdf2-sha256";
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;

  private final int iterations;
  private final SecureRandom random = new SecureRandom();

  public PasswordHasher(int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("password hash iterations must be positive");
    }
    this.iterations = iterations;
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  /** True when password matches the stored hash; a malformed stored value never matches. */
  public boolean verify(String password, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      return false;
    }
    try {
      int storedIterations = Integer.parseInt(parts[1]);
      Base64.Decoder b64 = Base64.getDecoder();
      byte[] salt = b64.decode(parts[2]);
      byte[] expected = b64.decode(parts[3]);
      byte[] actual = derive(password, salt, storedIterations);
      return MessageDigest.isEqual(expected, actual);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** True when the stored hash was made at another cost than the configured one. */
  public boolean needsRehash(String stored) {
    return !stored.startsWith(SCHEME + "$" + iterations + "$");
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    // The JDK's PBKDF2 turns the characters into UTF-8 bytes itself.
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }

}
