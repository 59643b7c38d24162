package io.chat.gateway.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.gateway.framing.Utf8;
import java.io.IOException;

/** Turns one line into a {@link Request}, or fails with {@code bad_json}. */
public final class RequestParser {

  // The frame limit bounds every line; within it, any JSON object is a request, however deep
  // its unknown fields nest or long their names. Numbers keep Jackson's length bound: parsing a
  // huge one costs the event loop far more than its bytes.
  private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(Integer.MAX_VALUE)
              .maxNameLength(Integer.MAX_VALUE)
              .build())
          .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private RequestParser() {
  }

  /** Fails with {@code bad_json} unless the line is one JSON object in valid UTF-8. */
  public static Request parse(byte[] line) {
    if (!Utf8.isValid(line)) {
      throw badJson("the line is not valid UTF-8");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(line);
    } catch (IOException e) {
      throw badJson("the line is not valid JSON");
    }
    if (!(root instanceof ObjectNode object)) {
      throw badJson("a request is one JSON object on one line");
    }
    JsonNode op = object.get("op");
    JsonNode ref = object.get("ref");
    boolean refValid = ref == null || ref.isTextual() || ref.isIntegralNumber();
    Object refValue = ref == null || !refValid ? null : ref.isTextual() ? ref.textValue() : ref.numberValue();
    return new Request(op != null && op.isTextual() ? op.textValue() : null, refValue, refValid, object);
  }

  private static ChatException badJson(String message) {
    return new ChatException(ErrorCode.BAD_JSON, message);
  }
}
