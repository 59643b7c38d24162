package io.chat.social.store;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/** Reads query results into plain values. */
final class Rows {

  private Rows() {
  }

  /** The first column of every row, as ids. */
  static List<Integer> ids(RowSet<Row> rows) {
    List<Integer> ids = new ArrayList<>(rows.size());
    for (Row row : rows) {
      ids.add(row.getInteger(0));
    }
    return ids;
  }
}
