package io.chat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.chat.testkit.LineClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/**
 * What a connection of any transport is to answer when a frame over the limit follows a ping
 * with {@code ref} 1: the ping's reply, then {@code frame_too_large} (no op, no ref), then
 * {@code bye}, then the close.
 */
final class OversizedFrame {

  private OversizedFrame() {
  }

  /** Sends, then reads the three frames and waits for the close. */
  static Future<List<JsonObject>> answers(LineClient client, Function<LineClient, Future<Void>> send) {
    return send.apply(client)
        .otherwiseEmpty()
        .compose(v -> client.nextReply())
        .compose(first -> client.nextReply().compose(tooLarge -> client.nextEvent("bye")
            .compose(bye -> client.closed().map(closed -> List.of(first, tooLarge, bye)))));
  }

  static void assertAnswered(List<JsonObject> frames) {
    assertEquals(1, frames.get(0).getInteger("ref"), "the request before it is answered first");
    JsonObject tooLarge = frames.get(1);
    assertEquals("frame_too_large", tooLarge.getString("error"));
    assertNull(tooLarge.getString("op"));
    assertNull(tooLarge.getValue("ref"));
    assertEquals("frame_too_large", frames.get(2).getString("reason"));
  }
}
