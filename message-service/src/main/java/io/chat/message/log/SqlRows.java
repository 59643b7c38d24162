package io.chat.message.log;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Rows of parameters for one multi-row statement. The rows are padded to a power of two by
 * repeating the last one (a repeated row changes nothing in an IN list, an OR of keys, an INSERT
 * IGNORE or an upsert of the same values), so each statement comes in a few sizes only and
 * stays in the connection's prepared-statement cache. Rows that must not repeat (an INSERT of
 * unique keys) are taken {@link #exact}, in sizes the caller bounds ({@link Chunks}).
 */
final class SqlRows {

  private final int perRow;
  private final boolean padded;
  private final List<Object[]> rows = new ArrayList<>();

  SqlRows(int perRow) {
    this(perRow, true);
  }

  private SqlRows(int perRow, boolean padded) {
    this.perRow = perRow;
    this.padded = padded;
  }

  /** Rows that go in as they are, none repeated. */
  static SqlRows exact(int perRow) {
    return new SqlRows(perRow, false);
  }

  SqlRows add(Object... row) {
    rows.add(row);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** How many rows the statement has once padded. */
  int paddedSize() {
    return !padded || rows.size() <= 1 ? rows.size() : Integer.highestOneBit(rows.size() - 1) << 1;
  }

  /** {@code (?,?),(?,?)}, one group per padded row. */
  String values() {
    return String.join(",", Collections.nCopies(paddedSize(), group()));
  }

  /** {@code template OR template ...}, once per padded row (template holds perRow placeholders). */
  String joined(String template, String separator) {
    return String.join(separator, Collections.nCopies(paddedSize(), template));
  }

  Tuple tuple() {
    return Tuple.from(flat());
  }

  /** The padded rows' parameters, one after another. */
  List<Object> flat() {
    List<Object> flat = new ArrayList<>(paddedSize() * perRow);
    for (int i = 0; i < paddedSize(); i++) {
      Collections.addAll(flat, rows.get(Math.min(i, rows.size() - 1)));
    }
    return flat;
  }

  private String group() {
    return perRow == 1 ? "?" : "(" + String.join(",", Collections.nCopies(perRow, "?")) + ")";
  }
}
