package io.chat.common.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Message events written as text")
class EventsTest {

  private static final String TEXT = "say \"hi\"\\ \n\ttab, é, 😀 and \u0001";

  @Test
  @DisplayName("hold the fields of a one-to-one message, with the text escaped as JSON")
  void directMessage() {
    JsonObject event = new JsonObject(Events.directMessage("n1-1", 7, "al\"ice", 9, TEXT, 1_700_000_000_000L));
    assertEquals(new JsonObject()
        .put("event", "message")
        .put("msg_id", "n1-1")
        .put("from", new JsonObject().put("id", 7).put("name", "al\"ice"))
        .put("to", 9)
        .put("text", TEXT)
        .put("ts", 1_700_000_000_000L), event);
  }

  @Test
  @DisplayName("hold the fields of a group message, with the group as {id, name}")
  void groupMessage() {
    JsonObject event = new JsonObject(Events.groupMessage("n1-2", 7, "alice", 3, "team", TEXT, 5L));
    assertEquals(new JsonObject()
        .put("event", "message")
        .put("msg_id", "n1-2")
        .put("from", new JsonObject().put("id", 7).put("name", "alice"))
        .put("group", new JsonObject().put("id", 3).put("name", "team"))
        .put("text", TEXT)
        .put("ts", 5L), event);
  }
}
