package io.chat.auth.token;

import io.chat.common.model.UserRef;
import io.chat.store.KeySpace;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Login tokens: 256 random bits, base64url, given out by each password login and good for
 * logging in again without the password, on any node, until they expire or their session logs
 * out. Redis keeps only the token's SHA-256 ({@code <prefix>token:<hex>}, expiring with the
 * token) and the user it stands for: a copy of Redis cannot log anyone in. A token costs one
 * hash and one Redis read to check, nothing like a password.
 */
public final class TokenStore {

  private static final int TOKEN_BYTES = 32;

  private final Redis redis;
  private final KeySpace keys;
  private final long ttlMillis;
  private final SecureRandom random = new SecureRandom();

  public TokenStore(Redis redis, KeySpace keys, long ttlMillis) {
    this.redis = redis;
    this.keys = keys;
    this.ttlMillis = ttlMillis;
  }

  /** A new token for the user. */
  public Future<Issued> issue(UserRef user) {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    String id = idOf(token);
    return redis.send(Request.cmd(Command.SET).arg(key(id)).arg(user.id() + ":" + user.name()).arg("PX").arg(ttlMillis))
        .map(new Issued(token, id));
  }

  /** The user a token stands for, with the token's id; empty for an unknown, expired or revoked one. */
  public Future<Optional<UserRef>> lookup(String token) {
    return redis.send(Request.cmd(Command.GET).arg(key(idOf(token)))).map(found -> {
      if (found == null) {
        return Optional.empty();
      }
      String value = found.toString();
      int colon = value.indexOf(':');
      return Optional.of(new UserRef(Integer.parseInt(value.substring(0, colon)), value.substring(colon + 1)));
    });
  }

  /** Ends a token (its session logged out). */
  public Future<Void> revoke(String id) {
    return redis.send(Request.cmd(Command.DEL).arg(key(id))).mapEmpty();
  }

  /** A token's id: its SHA-256, hex. It names the token without being it. */
  public static String idOf(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private String key(String id) {
    return keys.key("token", id);
  }

  /** A token as the client gets it, and its id as the server keeps it. */
  public record Issued(String token, String id) {
  }
}
