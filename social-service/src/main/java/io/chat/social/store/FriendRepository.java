package io.chat.social.store;

import io.chat.common.model.UserRef;
import io.chat.store.SqlErrors;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code friend} table. A friendship is two rows, one per direction, always written or
 * removed by one statement, so no reader ever sees half of it.
 */
public final class FriendRepository {

  private static final String FRIENDS_OF = "SELECT u.id, u.name FROM friend f "
      + "JOIN user u ON u.id = f.friendid WHERE f.userid = ? ORDER BY u.id";
  private static final String FRIEND_IDS = "SELECT friendid FROM friend WHERE userid = ?";
  private static final String ADD = "INSERT INTO friend (userid, friendid) VALUES (?, ?), (?, ?)";
  private static final String REMOVE = "DELETE FROM friend "
      + "WHERE (userid = ? AND friendid = ?) OR (userid = ? AND friendid = ?)";

  private final Pool pool;

  public FriendRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<List<UserRef>> friendsOf(int userId) {
    return pool.preparedQuery(FRIENDS_OF).execute(Tuple.of(userId)).map(rows -> {
      List<UserRef> friends = new ArrayList<>(rows.size());
      for (Row row : rows) {
        friends.add(new UserRef(row.getInteger("id"), row.getString("name")));
      }
      return friends;
    });
  }

  public Future<List<Integer>> friendIds(int userId) {
    return pool.preparedQuery(FRIEND_IDS).execute(Tuple.of(userId)).map(Rows::ids);
  }

  /**
   * Links two users; false when they already were friends. Both rows go in one statement, the
   * lower id first: two concurrent adds of one pair then lock the same row first, so the
   * second waits and fails with a duplicate key instead of deadlocking.
   */
  public Future<Boolean> add(int a, int b) {
    int low = Math.min(a, b);
    int high = Math.max(a, b);
    return pool.preparedQuery(ADD).execute(Tuple.of(low, high, high, low))
        .map(true)
        .recover(failure -> {
          if (SqlErrors.is(failure, SqlErrors.DUPLICATE_KEY)) {
            return Future.succeededFuture(false);
          }
          if (SqlErrors.is(failure, SqlErrors.DEADLOCK)) {
            return add(a, b);
          }
          return Future.failedFuture(failure);
        });
  }

  /** Unlinks two users; false when they were not friends. */
  public Future<Boolean> remove(int a, int b) {
    return pool.preparedQuery(REMOVE).execute(Tuple.of(a, b, b, a)).map(rows -> rows.rowCount() > 0);
  }
}
