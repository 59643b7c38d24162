package io.chat.server;

import io.chat.common.config.ChatConfig;
import io.chat.server.ChatNode.StartupException;
import io.chat.common.failure.FailureText;
import io.chat.store.MySqlStore;
import io.chat.store.RedisStore;
import io.chat.store.SchemaInstaller;
import io.chat.store.StoreFailures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.DatabaseException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a node that runs a service needs from its stores before the services deploy: the schema
 * applied on MySQL, and Redis answering a PING. A failure becomes a {@link StartupException}
 * whose one line names the store and its address (never its password).
 */
final class StoreCheck {

  private static final int REDIS_DEFAULT_PORT = 6379;
  /** Netty and Vert.x append the address: {@code Connection refused: /127.0.0.1:3306}. */
  private static final Pattern ADDRESS = Pattern.compile(": [\\w.-]*/[0-9A-Fa-f.:%\\[\\]]+:\\d+$");
  /** The MySQL client's message: {@code {errorMessage=..., errorCode=1045, sqlState=28000}}. */
  private static final Pattern MYSQL_ERROR = Pattern.compile("^\\{errorMessage=(.*), errorCode=\\d+, sqlState=\\w*}$");

  private StoreCheck() {
  }

  /** Creates the database if missing and applies chat.sql. */
  static Future<Void> mysql(Vertx vertx, ChatConfig config) {
    return Future.<Void>succeededFuture()
        .compose(v -> SchemaInstaller.install(vertx, config))
        .recover(failure -> Future.failedFuture(new StartupException(mysqlProblem(config, failure))));
  }

  /** One PING, answered within the request timeout. */
  static Future<Void> redis(Vertx vertx, ChatConfig config) {
    String address;
    try {
      address = redisAddress(URI.create(config.redisUri()));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new StartupException(
          "CHAT_REDIS_URI is not a Redis URI (redis://[:password@]host:port[/db])"));
    }
    long timeout = config.requestTimeoutMillis();
    return Future.<Void>succeededFuture()
        .compose(v -> ping(RedisStore.client(vertx, config), timeout))
        .recover(failure -> Future.failedFuture(new StartupException(
            "Redis at " + address + problem(failure, "no answer to PING within " + timeout + " ms"))));
  }

  private static Future<Void> ping(Redis client, long timeout) {
    return client.send(Request.cmd(Command.PING))
        .timeout(timeout, TimeUnit.MILLISECONDS)
        .<Void>mapEmpty()
        .eventually(client::close);
  }

  private static String mysqlProblem(ChatConfig config, Throwable failure) {
    MySQLConnectOptions target;
    try {
      target = MySqlStore.connectOptions(config);
    } catch (IllegalArgumentException e) {
      return "CHAT_MYSQL_URI is not a MySQL URI (mysql://user:password@host:port/database)";
    }
    if (failure instanceof IllegalArgumentException) {
      return failure.getMessage();
    }
    return "MySQL at " + target.getHost() + ":" + target.getPort() + " (database " + target.getDatabase() + ")"
        + problem(failure, "no answer");
  }

  /** What went wrong, after the store's name: unreachable, an error it answered, or else its text. */
  private static String problem(Throwable failure, String silence) {
    if (failure instanceof TimeoutException) {
      return " is unreachable: " + silence;
    }
    if (StoreFailures.isUnreachable(failure)) {
      return " is unreachable: " + reason(failure);
    }
    if (failure instanceof DatabaseException error) {
      return " answered error " + error.getErrorCode() + ": " + reason(failure);
    }
    return " answered: " + reason(failure);
  }

  /** What {@link FailureText} says, without the address the line names already, or a MySQL error's own text. */
  static String reason(Throwable failure) {
    String message = FailureText.of(failure);
    Matcher mysql = MYSQL_ERROR.matcher(message);
    if (mysql.matches()) {
      return mysql.group(1);
    }
    return ADDRESS.matcher(message).replaceFirst("");
  }

  private static String redisAddress(URI uri) {
    if (uri.getHost() == null) {
      return uri.getPath();
    }
    return uri.getHost() + ":" + (uri.getPort() < 0 ? REDIS_DEFAULT_PORT : uri.getPort());
  }
}
