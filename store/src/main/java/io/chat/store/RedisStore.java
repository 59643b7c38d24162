package io.chat.store;

import io.chat.common.config.ChatConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * Builds the Redis client. The client keeps a pool of connections and gives each command one,
 * so event loops never share a connection (the seed's mistake).
 */
public final class RedisStore {

  private RedisStore() {
  }

  public static Redis client(Vertx vertx, ChatConfig config) {
    RedisOptions options = new RedisOptions()
        .setConnectionString(config.redisUri())
        .setMaxPoolSize(16)
        .setMaxPoolWaiting(10_000)
        .setMaxWaitingHandlers(10_000)
        .setNetClientOptions(new NetClientOptions()
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.requestTimeoutMillis()))
            .setTcpNoDelay(true));
    return Redis.createClient(vertx, options);
  }

  /** The key space of this deployment: every key starts with {@code CHAT_REDIS_PREFIX}. */
  public static KeySpace keys(ChatConfig config) {
    return new KeySpace(config.redisPrefix());
  }
}
