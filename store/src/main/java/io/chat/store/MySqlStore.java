package io.chat.store;

import io.chat.common.config.ChatConfig;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/** Builds the MySQL pool the services share. */
public final class MySqlStore {

  static final String POOL_NAME = "chat-mysql";
  private static final int PIPELINING_LIMIT = 16;

  private MySqlStore() {
  }

  /**
   * Connect options from {@code CHAT_MYSQL_URI}: utf8mb4, reporting affected (not matched) rows,
   * and pipelining, so the statements of a transaction that do not wait for each other go out in
   * one round trip.
   */
  public static MySQLConnectOptions connectOptions(ChatConfig config) {
    return MySQLConnectOptions.fromUri(config.mysqlUri())
        .setCharset("utf8mb4")
        .setUseAffectedRows(true)
        .setCachePreparedStatements(true)
        .setPipeliningLimit(PIPELINING_LIMIT);
  }

  /**
   * The pool, shared by name: every service verticle in a node that asks for it gets the same
   * connections.
   */
  public static Pool pool(Vertx vertx, ChatConfig config) {
    PoolOptions options = new PoolOptions()
        .setMaxSize(config.mysqlPoolSize())
        .setShared(true)
        .setName(POOL_NAME)
        // A request that waits longer than this for a connection gets `unavailable`.
        .setConnectionTimeout((int) Math.max(1, config.requestTimeoutMillis() / 1000))
        .setConnectionTimeoutUnit(TimeUnit.SECONDS)
        .setMaxWaitQueueSize(10_000);
    return MySQLBuilder.pool()
        .with(options)
        .connectingTo(connectOptions(config))
        .using(vertx)
        .build();
  }
}
