package io.chat.message.offline;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The {@code offlinemessage} table: messages for users who had no live session, kept in arrival
 * order (the auto-increment id) until a session has written them to its socket.
 */
public final class OfflineStore {

  private static final String INSERT = "INSERT INTO offlinemessage (userid, message) VALUES (?, ?)";
  private static final String SUMMARY =
      "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM offlinemessage WHERE userid = ?";
  private static final String PAGE = "SELECT id, message FROM offlinemessage "
      + "WHERE userid = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?";
  private static final String REMOVE = "DELETE FROM offlinemessage WHERE userid = ? AND id = ?";

  private final Pool pool;

  public OfflineStore(Pool pool) {
    this.pool = pool;
  }

  /** Stores each event for each user, in this order, in one round trip. */
  public Future<Void> store(Collection<Integer> users, List<String> events) {
    List<Tuple> rows = new ArrayList<>(users.size() * events.size());
    for (String event : events) {
      for (Integer user : users) {
        rows.add(Tuple.of(user, event));
      }
    }
    return pool.preparedQuery(INSERT).executeBatch(rows).mapEmpty();
  }

  /** How many messages a user has stored, and the id of the newest. */
  public Future<Summary> summary(int user) {
    return pool.preparedQuery(SUMMARY).execute(Tuple.of(user)).map(rows -> {
      Row row = rows.iterator().next();
      return new Summary(row.getLong(0), row.getLong(1));
    });
  }

  /** Up to limit stored messages with ids in (after, upTo], oldest first. */
  public Future<List<StoredMessage>> page(int user, long after, long upTo, int limit) {
    return pool.preparedQuery(PAGE).execute(Tuple.of(user, after, upTo, limit)).map(rows -> {
      List<StoredMessage> page = new ArrayList<>(rows.size());
      for (Row row : rows) {
        page.add(new StoredMessage(row.getLong(0), row.getString(1)));
      }
      return page;
    });
  }

  /**
   * Removes these stored messages of a user (they were written to a socket), in one round trip.
   * By id, not "up to an id": a store with a lower id that committed after the page was read
   * was not written, and stays.
   */
  public Future<Void> remove(int user, List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>(ids.size());
    for (Long id : ids) {
      rows.add(Tuple.of(user, id));
    }
    return pool.preparedQuery(REMOVE).executeBatch(rows).mapEmpty();
  }

  /** A user's stored messages: how many, and the newest id (0 when none). */
  public record Summary(long count, long newestId) {
  }
}
