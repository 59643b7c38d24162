package io.chat.auth.limit;

import io.chat.store.KeySpace;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.UUID;

/**
 * Failed logins per name over a sliding window, in Redis so every node counts the same
 * failures. A name is limited while it has at least {@code maxFailures} failures younger than
 * the window; attempts that are refused as limited are not counted, so the limit lifts once
 * the window has passed. Time is the Redis server's, the same for all nodes.
 */
public final class LoginLimiter {

  private static final String NOW =
      "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000) ";

  // KEYS[1] failures of one name; ARGV[1] window in ms. Returns the failures in the window.
  private static final String COUNT = NOW
      + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1])) "
      + "return redis.call('ZCARD', KEYS[1])";

  // KEYS[1] failures of one name; ARGV[1] window in ms, ARGV[2] a unique member.
  private static final String RECORD = NOW
      + "redis.call('ZADD', KEYS[1], now, ARGV[2]) "
      + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1])) "
      + "redis.call('PEXPIRE', KEYS[1], ARGV[1]) "
      + "return redis.call('ZCARD', KEYS[1])";

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

  /** True when logins for this name are refused for now. */
  public Future<Boolean> isLimited(String name) {
    return redis.send(Request.cmd(Command.EVAL).arg(COUNT).arg(1).arg(key(name)).arg(windowMillis))
        .map(count -> count.toInteger() >= maxFailures);
  }

  public Future<Void> recordFailure(String name) {
    return redis.send(Request.cmd(Command.EVAL).arg(RECORD).arg(1).arg(key(name)).arg(windowMillis)
            .arg(UUID.randomUUID().toString()))
        .mapEmpty();
  }

  private String key(String name) {
    return keys.key("login_failures", name);
  }
}
