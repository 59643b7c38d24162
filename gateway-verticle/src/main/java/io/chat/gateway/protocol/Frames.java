package io.chat.gateway.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import io.chat.common.json.JsonLines;
import io.chat.common.protocol.ChatException;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.util.Map;

/** Encodes replies and events as lines: {@code {"op":..,"ok":..,"ref":..,...}\n}. */
public final class Frames {

  private Frames() {
  }

  public static Buffer ok(String op, Object ref, JsonObject fields) {
    return wrap(JsonLines.object(generator -> {
      head(generator, op, true, ref);
      for (Map.Entry<String, Object> field : fields) {
        generator.writeFieldName(field.getKey());
        JacksonCodec.encodeJson(field.getValue(), generator);
      }
    }));
  }

  /** An error reply; op and ref are left out when null (as for bad_json). */
  public static Buffer error(String op, Object ref, ChatException error) {
    return wrap(JsonLines.object(generator -> {
      head(generator, op, false, ref);
      generator.writeStringField("error", error.code().wireName());
      generator.writeStringField("message", error.getMessage());
      if (error.retryMillis() != ChatException.NO_RETRY) {
        generator.writeNumberField("retry_ms", error.retryMillis());
      }
    }));
  }

  public static Buffer line(JsonObject json) {
    return wrap(JsonLines.line(json));
  }

  /** A line already made (as events arrive from the delivery path). */
  public static Buffer line(byte[] line) {
    return wrap(line);
  }

  /**
   * The bytes of a line as a buffer, not copied: a connection only reads what it writes, and one
   * message's line goes to each of its recipients' connections.
   */
  private static Buffer wrap(byte[] line) {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(line));
  }

  private static void head(JsonGenerator generator, String op, boolean ok, Object ref) throws IOException {
    if (op != null) {
      generator.writeStringField("op", op);
    }
    generator.writeBooleanField("ok", ok);
    if (ref != null) {
      generator.writeFieldName("ref");
      JacksonCodec.encodeJson(ref, generator);
    }
  }
}
