package io.chat.common.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** JSON values as protocol lines: UTF-8 bytes ending in {@code \n}, made in one pass; or as text. */
public final class JsonLines {

  /** Writes the fields of one JSON object, between its braces. */
  @FunctionalInterface
  public interface Fields {
    void write(JsonGenerator generator) throws IOException;
  }

  private static final JsonFactory FACTORY = new JsonFactory();

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

  /** An object written field by field, as JSON text: no JsonObject is built first. */
  public static String text(Fields fields) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      writeObject(generator, fields);
    } catch (IOException e) {
      throw new EncodeException(e.getMessage());
    }
    return out.toString();
  }

  /** JSON text that is already encoded, as one line. */
  public static byte[] line(String json) {
    return (json + '\n').getBytes(StandardCharsets.UTF_8);
  }

  private static void writeObject(JsonGenerator generator, Fields fields) throws IOException {
    generator.writeStartObject();
    fields.write(generator);
    generator.writeEndObject();
  }

  private static byte[] generate(Fields value) {
    ByteArrayBuilder out = new ByteArrayBuilder(256);
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      value.write(generator);
    } catch (IOException e) {
      throw new EncodeException(e.getMessage());
    }
    out.write('\n');
    return out.toByteArray();
  }
}
