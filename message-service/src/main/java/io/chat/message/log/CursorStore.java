package io.chat.message.log;

import io.chat.common.bus.message.CursorMove;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * Users' cursors: how far each has received each conversation. Gateways gather the moves of a
 * while and hand them over together; they are written in one statement (a few, one after
 * another, for a large backlog), and a cursor never moves back (two gateways' moves of one user
 * may come in any order).
 */
public final class CursorStore {

  /**
   * Moves per statement at most: padded to a power of two, three placeholders each, a statement
   * stays far below MySQL's 65,535 placeholders (past 21,845 moves one statement is refused, and
   * a gateway that keeps the moves it could not write would then be refused for good).
   */
  static final int PER_STATEMENT = 4096;

  private final Pool pool;

  public CursorStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> move(List<CursorMove> moves) {
    if (moves.isEmpty()) {
      return Future.succeededFuture();
    }
    if (moves.size() > PER_STATEMENT) {
      // A large backlog (after an outage, or a large group's message) goes in slices, one after another.
      return move(moves.subList(0, PER_STATEMENT)).compose(v -> move(moves.subList(PER_STATEMENT, moves.size())));
    }
    SqlRows rows = new SqlRows(3);
    moves.forEach(move -> rows.add(move.user(), move.conv().toString(), move.seq()));
    // A row exists for every conversation a user may read; one missing (a group deleted meanwhile)
    // comes back inactive, so it counts for nothing.
    return pool.preparedQuery("INSERT INTO conv_member (userid, conv, acked_seq, active) VALUES "
            + rows.joined("(?, ?, ?, FALSE)", ",")
            + " ON DUPLICATE KEY UPDATE acked_seq = GREATEST(acked_seq, VALUES(acked_seq))")
        .execute(rows.tuple()).mapEmpty();
  }
}
