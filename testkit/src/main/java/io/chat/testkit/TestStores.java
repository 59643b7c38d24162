package io.chat.testkit;

import io.chat.common.config.ChatConfig;
import io.chat.common.config.ConfigKeys;
import io.chat.common.config.ConfigLoader;
import io.chat.store.RedisStore;
import io.chat.store.SchemaInstaller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.mysqlclient.MySQLConnection;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh MariaDB database ({@code chat_test_<random>}, schema from chat.sql) and a fresh Redis
 * key prefix for one test class, both removed afterwards. Register it with
 * {@code @RegisterExtension static TestStores stores = new TestStores();}.
 *
 * <p>The servers are the real ones of the machine: {@code CHAT_TEST_MYSQL} (default
 * mysql://root@127.0.0.1:3306) and {@code CHAT_TEST_REDIS} (default redis://127.0.0.1:6379).
 */
public final class TestStores implements BeforeAllCallback, AfterAllCallback {

  private static final String MYSQL_SERVER =
      System.getenv().getOrDefault("CHAT_TEST_MYSQL", "mysql://root@127.0.0.1:3306");
  private static final String REDIS_SERVER =
      System.getenv().getOrDefault("CHAT_TEST_REDIS", "redis://127.0.0.1:6379");

  private String database;
  private String redisPrefix;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    database = "chat_test_" + run;
    redisPrefix = "chat_test_" + run + ":";
    withVertx(vertx -> SchemaInstaller.install(vertx, config()));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    withVertx(vertx -> dropDatabase(vertx).eventually(() -> deleteRedisKeys(vertx)));
  }

  /**
   * Configuration for a node or a service under test: the defaults, this run's stores, a cheap
   * password hash (the production cost is tested on its own), no WebSocket port (a test that
   * wants one sets it), and the given overrides.
   */
  public ChatConfig config(Object... overrides) {
    JsonObject json = ConfigLoader.defaults()
        .put(ConfigKeys.MYSQL_URI, MYSQL_SERVER + "/" + database)
        .put(ConfigKeys.REDIS_URI, REDIS_SERVER)
        .put(ConfigKeys.REDIS_PREFIX, redisPrefix)
        .put(ConfigKeys.PASSWORD_ITERATIONS, 1000)
        .put(ConfigKeys.HOST, "127.0.0.1")
        .put(ConfigKeys.PORT, 0)
        .put(ConfigKeys.WS_PORT, -1)
        .put(ConfigKeys.ADMIN_PORT, 0);
    for (int i = 0; i + 1 < overrides.length; i += 2) {
      json.put((String) overrides[i], overrides[i + 1]);
    }
    return new ChatConfig(json);
  }

  public String database() {
    return database;
  }

  public String redisPrefix() {
    return redisPrefix;
  }

  /** A one-off SQL client on this run's database, for assertions on the tables. */
  public SqlClient sql(Vertx vertx) {
    return MySQLBuilder.client().connectingTo(databaseOptions()).using(vertx).build();
  }

  /** One connection to this run's database, for statements bound to it (LOCK TABLES ...). */
  public Future<SqlConnection> connection(Vertx vertx) {
    return MySQLConnection.connect(vertx, databaseOptions()).map(connection -> connection);
  }

  private MySQLConnectOptions databaseOptions() {
    return MySQLConnectOptions.fromUri(MYSQL_SERVER + "/" + database).setCharset("utf8mb4");
  }

  private Future<Void> dropDatabase(Vertx vertx) {
    SqlClient client = MySQLBuilder.client()
        .connectingTo(MySQLConnectOptions.fromUri(MYSQL_SERVER))
        .using(vertx)
        .build();
    return client.query("DROP DATABASE IF EXISTS `" + database + "`").execute()
        .<Void>mapEmpty()
        .eventually(client::close);
  }

  private Future<Void> deleteRedisKeys(Vertx vertx) {
    Redis redis = RedisStore.client(vertx, config());
    return scanAndDelete(redis, "0").eventually(redis::close);
  }

  private Future<Void> scanAndDelete(Redis redis, String cursor) {
    return redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(redisPrefix + "*")
            .arg("COUNT").arg(1000))
        .compose(page -> {
          String next = page.get(0).toString();
          List<String> keys = new ArrayList<>();
          for (Response key : page.get(1)) {
            keys.add(key.toString());
          }
          Future<?> deleted = keys.isEmpty()
              ? Future.succeededFuture()
              : redis.send(Request.cmd(Command.DEL, keys.toArray()));
          return deleted.compose(done -> "0".equals(next)
              ? Future.succeededFuture()
              : scanAndDelete(redis, next));
        });
  }

  private static void withVertx(Function<Vertx, Future<?>> work) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      work.apply(vertx).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
