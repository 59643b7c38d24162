package io.chat.message.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Chunks of a multi-row INSERT")
class ChunksTest {

  @Test
  @DisplayName("cover the rows in order, each once, with at most two chunks up to 256 rows and 31 sizes in all")
  void coverTheRows() {
    Set<Integer> sizes = new HashSet<>();
    for (int rows = 0; rows <= 1_024; rows++) {
      List<int[]> chunks = Chunks.of(rows);
      int next = 0;
      for (int[] chunk : chunks) {
        assertEquals(next, chunk[0], "chunks follow each other for " + rows + " rows");
        assertTrue(chunk[1] > chunk[0], "no empty chunk for " + rows + " rows");
        sizes.add(chunk[1] - chunk[0]);
        next = chunk[1];
      }
      assertEquals(rows, next, "chunks cover " + rows + " rows");
      if (rows <= Chunks.MAX) {
        assertTrue(chunks.size() <= 2, rows + " rows take " + chunks.size() + " chunks");
      }
    }
    assertEquals(31, sizes.size());
  }

  @Test
  @DisplayName("split 300 rows as 256, 32 and 12")
  void example() {
    assertEquals(List.of(256, 32, 12), Chunks.of(300).stream().map(chunk -> chunk[1] - chunk[0]).toList());
  }
}
