package io.chat.social.store;

import io.chat.common.model.UserRef;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/** Reads users (id and name) for the social service; accounts themselves belong to auth. */
public final class UserDirectory {

  private static final String BY_ID = "SELECT id, name FROM user WHERE id = ?";
  // The _bin collation ignores trailing spaces (PAD SPACE): equal length makes the match exact.
  private static final String BY_NAME =
      "SELECT id, name FROM user WHERE name = ? AND CHAR_LENGTH(name) = CHAR_LENGTH(?)";

  private final Pool pool;

  public UserDirectory(Pool pool) {
    this.pool = pool;
  }

  /** The user with this id, or null. */
  public Future<UserRef> byId(int id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(UserDirectory::first);
  }

  /** The user with this name (compared exactly), or null. */
  public Future<UserRef> byName(String name) {
    return pool.preparedQuery(BY_NAME).execute(Tuple.of(name, name)).map(UserDirectory::first);
  }

  private static UserRef first(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row row = rows.iterator().next();
    return new UserRef(row.getInteger("id"), row.getString("name"));
  }
}
