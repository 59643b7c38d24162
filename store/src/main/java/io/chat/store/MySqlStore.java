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
  /**
   * The longest statement kept prepared (characters). The client's default, 2,048, leaves out the
   * large multi-row statements of the log and the cursors, which were then prepared again for
   * every batch: a round trip, and the decoding of a definition per placeholder (thousands).
   */
  private static final int PREPARED_SQL_LIMIT = 65_536;

  private MySqlStore() {
  }

  /**
   * Connect options from {@code CHAT_MYSQL_URI}: utf8mb4, reporting affected (not matched) rows,
   * prepared statements kept (also the long multi-row ones), and pipelining, so the statements of a transaction that do not wait for each other go out in
   * one round trip.
   */
  public static MySQLConnectOptions connectOptions(ChatConfig config) {
    return MySQLConnectOptions.fromUri(config.mysqlUri())
        .setCharset("utf8mb4")
        .setUseAffectedRows(true)
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheSqlLimit(PREPARED_SQL_LIMIT)
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
