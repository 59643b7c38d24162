package io.chat.gateway.framing;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ending in {@code \n} (a {@code \r} before it is dropped,
 * empty lines are skipped) and enforces the frame limit twice: on a complete line, and on the
 * bytes of a line still waiting for its end, so an endless line cannot fill memory. After an
 * oversized frame it reports {@link Sink#oversized()} once and ignores all further input. At the
 * end of the input a last line without its end is a frame ({@link #end()}).
 */
public final class LineFramer {

  /** Receives complete lines (without their line end) in order. */
  public interface Sink {
    void line(byte[] line);

    void oversized();
  }

  private final int limit;
  private final Sink sink;
  /** The start of a line whose end has not come yet; null between lines (an idle connection holds nothing). */
  private Buffer partial;
  private boolean stopped;

  public LineFramer(int limit, Sink sink) {
    this.limit = limit;
    this.sink = sink;
  }

  /** Takes the readable bytes of a chunk read from the socket (the caller releases it). */
  public void feed(ByteBuf chunk) {
    if (stopped) {
      return;
    }
    int start = chunk.readerIndex();
    int end = chunk.writerIndex();
    while (start < end) {
      int lineEnd = chunk.indexOf(start, end, (byte) '\n');
      if (lineEnd < 0) {
        keep(chunk, start, end);
        return;
      }
      byte[] line;
      if (partial == null) {
        line = new byte[lineEnd - start];
        chunk.getBytes(start, line);
      } else {
        line = partial.appendBytes(bytes(chunk, start, lineEnd)).getBytes();
        partial = null;
      }
      start = lineEnd + 1;
      emit(line);
      if (stopped) {
        return;
      }
    }
  }

  /**
   * The input ended (the client shut down its sending side): a last line without its
   * {@code \n} is a frame too, since nothing more can complete it.
   */
  public void end() {
    if (!stopped && partial != null) {
      byte[] line = partial.getBytes();
      partial = null;
      emit(line);
    }
  }

  private void keep(ByteBuf chunk, int start, int end) {
    int rest = end - start;
    if (partial == null) {
      partial = Buffer.buffer(Math.min(limit + 2, Math.max(256, rest * 2)));
    }
    partial.appendBytes(bytes(chunk, start, end));
    // One byte more than the limit may still be a '\r' that ends the frame.
    if (partial.length() > limit + 1) {
      stop();
    }
  }

  private static byte[] bytes(ByteBuf chunk, int start, int end) {
    byte[] bytes = new byte[end - start];
    chunk.getBytes(start, bytes);
    return bytes;
  }

  private void emit(byte[] line) {
    int end = line.length;
    if (end > 0 && line[end - 1] == '\r') {
      end--;
    }
    if (end > limit) {
      stop();
      return;
    }
    if (end == 0) {
      return;
    }
    sink.line(end == line.length ? line : Arrays.copyOf(line, end));
  }

  private void stop() {
    stopped = true;
    partial = null;
    sink.oversized();
  }
}
