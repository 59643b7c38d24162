package io.chat.cli.connection;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

/**
 * The socket under a {@link ChatConnection}, framed as its transport frames: lines over TCP,
 * text messages over WebSocket. Each frame the server writes is handed on parsed (null when it
 * is not JSON); the handlers are set as the wire is made, so nothing read goes unhandled.
 */
abstract class Wire {

  /** Sends one JSON object as one frame. */
  abstract void send(String json);

  abstract void close();

  static JsonObject parse(String frame) {
    try {
      return new JsonObject(frame);
    } catch (DecodeException notJson) {
      return null;
    }
  }

  /** Newline-delimited JSON over TCP. */
  static final class Lines extends Wire {
    private final NetSocket socket;

    Lines(NetSocket socket, Handler<JsonObject> frames, Handler<Void> ended) {
      this.socket = socket;
      RecordParser lines = RecordParser.newDelimited("\n").maxRecordSize(Endpoint.MAX_FRAME);
      lines.exceptionHandler(tooLong -> socket.close());
      lines.handler(line -> {
        int length = line.length();
        frames.handle(parse(length > 0 && line.getByte(length - 1) == '\r'
            ? line.getString(0, length - 1) : line.toString()));
      });
      socket.handler(lines);
      socket.closeHandler(ended);
    }

    @Override
    void send(String json) {
      socket.write(Buffer.buffer(json.length() + 1).appendString(json).appendByte((byte) '\n'));
    }

    @Override
    void close() {
      socket.close();
    }
  }

  /** One JSON object per text message over WebSocket. */
  static final class Messages extends Wire {
    private final WebSocket socket;

    Messages(WebSocket socket, Handler<JsonObject> frames, Handler<Void> ended) {
      this.socket = socket;
      socket.textMessageHandler(text -> frames.handle(parse(text)));
      socket.exceptionHandler(broken -> socket.close());
      socket.closeHandler(ended);
    }

    @Override
    void send(String json) {
      socket.writeTextMessage(json);
    }

    @Override
    void close() {
      socket.close();
    }
  }
}
