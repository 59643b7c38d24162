package io.chat.common.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
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

  /** Characters outside the BMP (emoji) as their four UTF-8 bytes, as a client sent them, not as two escapes. */
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .build();
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
