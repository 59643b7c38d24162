package io.chat.store;

import io.chat.common.config.ChatConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.mysqlclient.MySQLConnection;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Creates the database when it is missing and applies {@code chat.sql}, the only definition of
 * the schema. Both steps are idempotent, so every node runs them at start-up.
 */
public final class SchemaInstaller {

  public static final String SCHEMA_RESOURCE = "chat.sql";

  // The database name goes into DDL, where it cannot be a parameter.
  private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

  private SchemaInstaller() {
  }

  public static Future<Void> install(Vertx vertx, ChatConfig config) {
    MySQLConnectOptions target = MySqlStore.connectOptions(config);
    String database = target.getDatabase();
    if (database == null || !DATABASE_NAME.matcher(database).matches()) {
      return Future.failedFuture(new IllegalArgumentException(
          "CHAT_MYSQL_URI must name a database of letters, digits and _ (got '" + database + "')"));
    }
    MySQLConnectOptions server = new MySQLConnectOptions(target).setDatabase("");
    SqlClient admin = MySQLBuilder.client().with(new PoolOptions().setName("chat-schema-server"))
        .connectingTo(server).using(vertx).build();
    return admin.query("CREATE DATABASE IF NOT EXISTS `" + database
            + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin").execute()
        .eventually(admin::close)
        .compose(created -> applySchema(vertx, target));
  }

  /** On one connection: chat.sql's upgrade steps keep a session variable between statements. */
  private static Future<Void> applySchema(Vertx vertx, MySQLConnectOptions target) {
    return MySQLConnection.connect(vertx, target).compose(connection -> {
      Future<Void> chain = Future.succeededFuture();
      for (String statement : statements()) {
        chain = chain.compose(done -> connection.query(statement).execute().mapEmpty());
      }
      return chain.eventually(connection::close);
    });
  }

  /** The statements of chat.sql: comments dropped, split at semicolons that end a line. */
  static List<String> statements() {
    String script;
    try (InputStream in = SchemaInstaller.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the classpath");
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + SCHEMA_RESOURCE, e);
    }
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().strip();
        statements.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    return statements;
  }
}
