package io.chat.common.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** JSON values as protocol lines: UTF-8 bytes ending in {@code \n}, made in one pass. */
public final class JsonLines {

  /** Writes the fields of one JSON object, between its braces. */
  @FunctionalInterface
  public interface Fields {
    void write(JsonGenerator generator) throws IOException;
  }

  private static final JsonFactory FACTORY = new JsonFactory();
  /** Each thread's scratch space: a line is made in it, then copied out at its exact length. */
  private static final ThreadLocal<ByteArrayBuilder> SCRATCH = ThreadLocal.withInitial(() -> new ByteArrayBuilder(512));

  private JsonLines() {
  }

  /** A JsonObject, JsonArray, Map, List or scalar as one line. */
  public static byte[] line(Object json) {
    return generate(generator -> JacksonCodec.encodeJson(json, generator));
  }

  /** An object written field by field, as one line: no JsonObject is built first. */
  public static byte[] object(Fields fields) {
    return generate(generator -> writeObject(generator, fields));
  }

  /** JSON text that is already encoded, as one line. */
  public static byte[] line(String json) {
    return (json + '\n').getBytes(StandardCharsets.UTF_8);
  }

  /** The JSON text of a line. */
  public static String text(byte[] line) {
    return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
  }

  /**
   * A string field whose characters beyond ASCII go out as their UTF-8 bytes, whatever the
   * string's length. (Jackson's writer of strings escapes a character beyond the BMP, an emoji,
   * as its two UTF-16 halves.) Only quotes, backslashes and control characters are escaped.
   */
  public static void writeUtf8Field(JsonGenerator generator, String name, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    generator.writeFieldName(name);
    generator.writeUTF8String(utf8, 0, utf8.length);
  }

  private static void writeObject(JsonGenerator generator, Fields fields) throws IOException {
    generator.writeStartObject();
    fields.write(generator);
    generator.writeEndObject();
  }

  private static byte[] generate(Fields value) {
    ByteArrayBuilder out = SCRATCH.get();
    out.reset();
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      value.write(generator);
    } catch (IOException e) {
      throw new EncodeException(e.getMessage());
    }
    out.write('\n');
    return out.toByteArray();
  }
}
