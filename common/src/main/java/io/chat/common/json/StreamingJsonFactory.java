package io.chat.common.json;

import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.core.spi.JsonFactory;
import io.vertx.core.spi.json.JsonCodec;

/**
 * Makes Vert.x encode and decode {@code JsonObject}s with Jackson's streaming API. With
 * jackson-databind on the classpath Vert.x would otherwise pick its databind codec, which sends
 * every encode through ObjectMapper's serializer lookup: measurably slower on the message path,
 * and of no use here, as nothing maps JSON to Java beans.
 */
public final class StreamingJsonFactory implements JsonFactory {

  private static final JsonCodec CODEC = new JacksonCodec();

  @Override
  public int order() {
    return 0;
  }

  @Override
  public JsonCodec codec() {
    return CODEC;
  }
}
