package io.chat.message.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An event's text")
class EventTextTest {

  @Test
  @DisplayName("is stored as the same object flagged offline, whatever its fields hold")
  void storedForm() {
    JsonObject event = new JsonObject().put("event", "message").put("text", "a } b {")
        .put("group", new JsonObject().put("id", 1).put("name", "}"));
    String stored = new EventText(event.encode(), null).stored();
    assertEquals(event.copy().put("offline", true), new JsonObject(stored));
  }

  @Test
  @DisplayName("of an empty object is stored as just the flag")
  void emptyObject() {
    assertEquals(new JsonObject().put("offline", true), new JsonObject(new EventText("{ }", null).stored()));
  }
}
