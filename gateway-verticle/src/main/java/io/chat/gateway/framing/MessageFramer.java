package io.chat.gateway.framing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.util.Arrays;

/**
 * Puts WebSocket messages back together from their frames (a message may come in several) and
 * enforces the frame limit on each whole message while its frames arrive, so a message sent in
 * many small frames cannot fill memory. One line end at the end of a text message ({@code \n} or
 * {@code \r\n}) is allowed and dropped, as on TCP. A binary message is counted, not kept: it is
 * no text, whatever it holds. After an oversized message it reports {@link Sink#oversized()} once
 * and ignores all further frames. Control frames (ping, pong, close) are Vert.x's business.
 */
public final class MessageFramer {

  /** Receives whole messages in order. */
  public interface Sink {
    /** A text message's bytes, without its line end (not checked for UTF-8: the parser does that). */
    void text(byte[] message);

    /** A binary message within the limit. */
    void binary();

    void oversized();
  }

  /** The line end a text message may carry beyond the limit. */
  private static final int LINE_END = 2;

  private final int limit;
  private final Sink sink;
  private boolean reading;
  private boolean textual;
  private Buffer text;
  private long length;
  private boolean stopped;

  public MessageFramer(int limit, Sink sink) {
    this.limit = limit;
    this.sink = sink;
  }

  public void frame(WebSocketFrame frame) {
    if (stopped) {
      return;
    }
    switch (frame.type()) {
      case TEXT -> start(true);
      case BINARY -> start(false);
      case CONTINUATION -> {
        // the decoder refuses a continuation outside a message before it gets here
      }
      default -> {
        return;
      }
    }
    if (reading) {
      append(frame);
    }
  }

  /**
   * The WebSocket layer refused a frame over its own, higher limit from its header, before
   * reading its payload: an oversized message all the same.
   */
  public void refusedFrame() {
    if (!stopped) {
      stop();
    }
  }

  private void start(boolean isText) {
    reading = true;
    textual = isText;
    text = isText ? Buffer.buffer() : null;
    length = 0;
  }

  private void append(WebSocketFrame frame) {
    Buffer data = frame.binaryData();
    length += data.length();
    if (length > limit + LINE_END) {
      stop();
      return;
    }
    if (textual) {
      text.appendBuffer(data);
    }
    if (frame.isFinal()) {
      finish();
    }
  }

  private void finish() {
    reading = false;
    if (!textual) {
      if (length > limit) {
        stop();
      } else {
        sink.binary();
      }
      return;
    }
    byte[] bytes = text.getBytes();
    text = null;
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\n') {
      end--;
      if (end > 0 && bytes[end - 1] == '\r') {
        end--;
      }
    }
    if (end > limit) {
      stop();
      return;
    }
    sink.text(end == bytes.length ? bytes : Arrays.copyOf(bytes, end));
  }

  private void stop() {
    stopped = true;
    reading = false;
    text = null;
    sink.oversized();
  }
}
