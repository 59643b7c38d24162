package io.chat.message.log;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits n rows into chunks whose sizes are powers of two, largest first (37 = 32 + 4 + 1). A
 * multi-row INSERT is one prepared statement per row count; with these sizes a connection keeps
 * at most nine statements per table in its cache, whatever the batch sizes.
 */
final class Chunks {

  static final int MAX = 256;

  private Chunks() {
  }

  static List<int[]> of(int rows) {
    List<int[]> chunks = new ArrayList<>();
    int start = 0;
    while (start < rows) {
      int size = Math.min(MAX, Integer.highestOneBit(rows - start));
      chunks.add(new int[] {start, start + size});
      start += size;
    }
    return chunks;
  }
}
