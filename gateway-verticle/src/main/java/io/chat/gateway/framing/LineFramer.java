package io.chat.gateway.framing;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ending in {@code \n} (a {@code \r} before it is dropped,
 * empty lines are skipped) and enforces the frame limit twice: on a complete line, and on the
 * bytes of a line still waiting for its end, so an endless line cannot fill memory. After an
 * oversized frame it reports {@link Sink#oversized()} once and ignores all further input.
 */
public final class LineFramer implements Handler<Buffer> {

  /** Receives complete lines (without their line end) in order. */
  public interface Sink {
    void line(byte[] line);

    void oversized();
  }

  private final int limit;
  private final Sink sink;
  private Buffer partial;
  private boolean stopped;

  public LineFramer(int limit, Sink sink) {
    this.limit = limit;
    this.sink = sink;
  }

  @Override
  public void handle(Buffer chunk) {
    if (stopped) {
      return;
    }
    // One copy of the chunk, scanned as an array: cheaper than a bounds-checked read per byte.
    byte[] bytes = chunk.getBytes();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        byte[] line;
        if (partial == null) {
          line = Arrays.copyOfRange(bytes, start, i);
        } else {
          line = partial.appendBytes(bytes, start, i - start).getBytes();
          partial = null;
        }
        start = i + 1;
        emit(line);
        if (stopped) {
          return;
        }
      }
    }
    if (start < bytes.length) {
      int rest = bytes.length - start;
      if (partial == null) {
        partial = Buffer.buffer(Math.min(limit + 2, Math.max(256, rest * 2)));
      }
      partial.appendBytes(bytes, start, rest);
      // One byte more than the limit may still be a '\r' that ends the frame.
      if (partial.length() > limit + 1) {
        stop();
      }
    }
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
