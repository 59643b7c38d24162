package io.chat.auth.limit;

import io.chat.store.KeySpace;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.Optional;
import java.util.UUID;

/**
 * Failed logins per key (a name, or a client address for token logins) over a sliding window,
 * in Redis so every node counts the same failures. A key is limited while it has at least
 * {@code maxFailures} failures younger than the window. Password logins reserve their place
 * first ({@link #begin}), in the same script that checks the limit, so logins racing in parallel
 * count too: an attempt in flight counts as a failure until it succeeds, and no more passwords
 * than the limit are ever being tried at once. Token logins, which are cheap and cannot be
 * guessed, count only the failures that happened ({@link #allows}, {@link #failed}), so many
 * users reconnecting at once from one address are not refused. Attempts refused as limited are
 * not counted, so the limit lifts once the window has passed. Time is the Redis server's, the
 * same for all nodes.
 */
public final class LoginLimiter {

  private static final String NOW =
      "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000) ";

  // KEYS[1] attempts of one name; ARGV[1] window in ms, ARGV[2] a unique member, ARGV[3] the
  // maximum. Returns 0 when limited (nothing recorded), 1 when the attempt was recorded.
  private static final String BEGIN = NOW
      + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1])) "
      + "if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end "
      + "redis.call('ZADD', KEYS[1], now, ARGV[2]) "
      + "redis.call('PEXPIRE', KEYS[1], ARGV[1]) "
      + "return 1";

  // KEYS[1] failures of one key; ARGV[1] window in ms, ARGV[2] the maximum. 1 when allowed.
  private static final String ALLOWS = NOW
      + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1])) "
      + "if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end "
      + "return 1";

  // KEYS[1] failures of one key; ARGV[1] window in ms, ARGV[2] a unique member.
  private static final String FAILED = NOW
      + "redis.call('ZADD', KEYS[1], now, ARGV[2]) "
      + "redis.call('PEXPIRE', KEYS[1], ARGV[1]) "
      + "return 1";

  private final Redis redis;
  private final KeySpace keys;
  private final int maxFailures;
  private final long windowMillis;

  public LoginLimiter(Redis redis, KeySpace keys, int maxFailures, long windowMillis) {
    this.redis = redis;
    this.keys = keys;
    this.maxFailures = maxFailures;
    this.windowMillis = windowMillis;
  }

  /**
   * Starts a login of this name: empty when logins of the name are refused for now, else the
   * attempt, which stays counted as a failure unless {@link #succeeded} removes it.
   */
  public Future<Optional<String>> begin(String name) {
    String attempt = UUID.randomUUID().toString();
    return redis.send(Request.cmd(Command.EVAL).arg(BEGIN).arg(1).arg(key(name)).arg(windowMillis)
            .arg(attempt).arg(maxFailures))
        .map(recorded -> recorded.toInteger() == 1 ? Optional.of(attempt) : Optional.empty());
  }

  /** The attempt's password was right: it is no failure. */
  public Future<Void> succeeded(String name, String attempt) {
    return redis.send(Request.cmd(Command.ZREM).arg(key(name)).arg(attempt)).mapEmpty();
  }

  /** Whether logins of this key are allowed now (fewer failures than the maximum within the window). */
  public Future<Boolean> allows(String key) {
    return redis.send(Request.cmd(Command.EVAL).arg(ALLOWS).arg(1).arg(key(key)).arg(windowMillis).arg(maxFailures))
        .map(allowed -> allowed.toInteger() == 1);
  }

  /** A login of this key failed. */
  public Future<Void> failed(String key) {
    return redis.send(Request.cmd(Command.EVAL).arg(FAILED).arg(1).arg(key(key)).arg(windowMillis)
            .arg(UUID.randomUUID().toString())).mapEmpty();
  }

  private String key(String name) {
    return keys.key("login_failures", name);
  }
}
