package io.chat.message.log;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits n rows into chunks for multi-row INSERTs: whole chunks of 256, then the largest multiple
 * of 16 left, then the rest (300 = 256 + 32 + 12). A multi-row INSERT is one prepared statement
 * per row count; with these sizes a connection keeps at most 31 statements per table in its
 * cache, whatever the batch sizes, and a batch of up to 256 rows takes at most two statements
 * (each one more packet for MySQL to take and answer).
 */
final class Chunks {

  static final int MAX = 256;
  static final int STEP = 16;

  private Chunks() {
  }

  static List<int[]> of(int rows) {
    List<int[]> chunks = new ArrayList<>();
    int start = 0;
    while (start < rows) {
      int left = rows - start;
      int size = left >= MAX ? MAX : left >= STEP ? left - left % STEP : left;
      chunks.add(new int[] {start, start + size});
      start += size;
    }
    return chunks;
  }
}
