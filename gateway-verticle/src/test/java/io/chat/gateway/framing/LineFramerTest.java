package io.chat.gateway.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The line framer")
class LineFramerTest {

  private final List<String> lines = new ArrayList<>();
  private int oversized;
  private final LineFramer framer = new LineFramer(10, new LineFramer.Sink() {
    @Override
    public void line(byte[] line) {
      lines.add(new String(line, StandardCharsets.UTF_8));
    }

    @Override
    public void oversized() {
      oversized++;
    }
  });

  /** A chunk as a socket read gives it. */
  private void feed(String chunk) {
    framer.feed(Unpooled.copiedBuffer(chunk, StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("splits several lines of one chunk and joins a line split over chunks")
  void splitsAndJoins() {
    feed("ab\ncd\nef");
    feed("gh");
    feed("\n");
    assertEquals(List.of("ab", "cd", "efgh"), lines);
  }

  @Test
  @DisplayName("drops a \\r before the line end and skips empty lines, not blank ones (those are no JSON object)")
  void crAndEmpty() {
    feed("\n\r\n \t\nx\r\n");
    assertEquals(List.of(" \t", "x"), lines);
  }

  @Test
  @DisplayName("at the end of the input takes a last line without its \\n as a frame, once")
  void lastLineAtEnd() {
    feed("ab\ncd\r");
    framer.end();
    framer.end();
    assertEquals(List.of("ab", "cd"), lines);
  }

  @Test
  @DisplayName("at the end of an input that ended on a line end has nothing more")
  void nothingAfterLineEnd() {
    feed("ab\n");
    framer.end();
    assertEquals(List.of("ab"), lines);
  }

  @Test
  @DisplayName("at the end of the input refuses a last line over the limit, as any other")
  void oversizedLastLine() {
    feed("0123456789A");
    framer.end();
    assertEquals(List.of(), lines);
    assertEquals(1, oversized);
  }

  @Test
  @DisplayName("accepts a line of exactly the limit, not counting \\r\\n")
  void atLimit() {
    feed("0123456789\r\n");
    assertEquals(List.of("0123456789"), lines);
    assertEquals(0, oversized);
  }

  @Test
  @DisplayName("reports a complete line over the limit once, and ignores everything after it")
  void completeOversized() {
    feed("ok\n0123456789A\nlater\n");
    feed("more\n");
    assertEquals(List.of("ok"), lines);
    assertEquals(1, oversized);
  }

  @Test
  @DisplayName("reports an unterminated line as soon as it passes the limit")
  void partialOversized() {
    feed("012345");
    feed("6789AB");
    assertEquals(1, oversized);
    feed("\n");
    assertEquals(List.of(), lines);
  }
}
