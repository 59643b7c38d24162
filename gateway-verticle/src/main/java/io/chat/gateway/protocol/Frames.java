package io.chat.gateway.protocol;

import io.chat.common.json.JsonLines;
import io.chat.common.protocol.ChatException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Encodes replies and events as lines: {@code {"op":..,"ok":..,"ref":..,...}\n}. */
public final class Frames {

  private Frames() {
  }

  public static Buffer ok(String op, Object ref, JsonObject fields) {
    JsonObject reply = head(op, true, ref);
    for (Map.Entry<String, Object> field : fields) {
      reply.put(field.getKey(), field.getValue());
    }
    return line(reply);
  }

  /** An error reply; op and ref are left out when null (as for bad_json). */
  public static Buffer error(String op, Object ref, ChatException error) {
    return line(head(op, false, ref)
        .put("error", error.code().wireName())
        .put("message", error.getMessage()));
  }

  public static Buffer line(JsonObject json) {
    return Buffer.buffer(JsonLines.line(json));
  }

  /** An event that is already JSON text (as it arrives from the delivery path). */
  public static Buffer line(String json) {
    return Buffer.buffer(JsonLines.line(json));
  }

  private static JsonObject head(String op, boolean ok, Object ref) {
    JsonObject head = new JsonObject();
    if (op != null) {
      head.put("op", op);
    }
    head.put("ok", ok);
    if (ref != null) {
      head.put("ref", ref);
    }
    return head;
  }
}
