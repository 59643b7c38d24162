package io.chat.auth.store;

import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.store.SqlErrors;
import io.vertx.core.Future;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/** The {@code user} table, as the auth service uses it. */
public final class UserRepository {

  private static final String INSERT = "INSERT INTO user (name, password, state) VALUES (?, ?, 'offline')";
  // The _bin collation ignores trailing spaces (PAD SPACE): equal length makes the match exact.
  private static final String BY_NAME =
      "SELECT id, name, password FROM user WHERE name = ? AND CHAR_LENGTH(name) = CHAR_LENGTH(?)";
  private static final String BY_ID = "SELECT id, name, password FROM user WHERE id = ?";
  private static final String UPDATE_HASH = "UPDATE user SET password = ? WHERE id = ?";

  private final Pool pool;

  public UserRepository(Pool pool) {
    this.pool = pool;
  }

  /** Inserts an account; a taken name fails with {@code name_taken}. */
  public Future<Integer> insert(String name, String passwordHash) {
    return pool.preparedQuery(INSERT).execute(Tuple.of(name, passwordHash))
        .map(rows -> rows.property(MySQLClient.LAST_INSERTED_ID).intValue())
        .recover(failure -> Future.failedFuture(SqlErrors.is(failure, SqlErrors.DUPLICATE_KEY)
            ? nameTaken(name)
            : failure));
  }

  public static ChatException nameTaken(String name) {
    return new ChatException(ErrorCode.NAME_TAKEN, "the name " + name + " is taken");
  }

  /** The account with this name, or null. */
  public Future<User> findByName(String name) {
    return pool.preparedQuery(BY_NAME).execute(Tuple.of(name, name)).map(UserRepository::first);
  }

  /** The account with this id, or null. */
  public Future<User> findById(int id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(UserRepository::first);
  }

  public Future<Void> updateHash(int id, String passwordHash) {
    return pool.preparedQuery(UPDATE_HASH).execute(Tuple.of(passwordHash, id)).mapEmpty();
  }

  private static User first(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row row = rows.iterator().next();
    return new User(row.getInteger("id"), row.getString("name"), row.getString("password"));
  }
}
