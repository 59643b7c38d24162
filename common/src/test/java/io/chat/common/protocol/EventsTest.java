package io.chat.common.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.model.ChatMessage;
import io.chat.common.model.ConvId;
import io.chat.common.model.GroupRef;
import io.chat.common.model.UserRef;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Message events written as lines")
class EventsTest {

  private static final String TEXT = "say \"hi\"\\ \n\ttab, é, 😀 and \u0001";

  @Test
  @DisplayName("hold the fields of a one-to-one message, with the text escaped as JSON")
  void directMessage() {
    ChatMessage message = new ChatMessage(ConvId.direct(9, 7), 4, "n1-1", new UserRef(7, "al\"ice"), 9, null, TEXT,
        1_700_000_000_000L);
    assertEquals(new JsonObject()
        .put("event", "message")
        .put("msg_id", "n1-1")
        .put("conv", "d:7:9")
        .put("seq", 4)
        .put("from", new JsonObject().put("id", 7).put("name", "al\"ice"))
        .put("to", 9)
        .put("text", TEXT)
        .put("ts", 1_700_000_000_000L), line(Events.messageLine(message, false)));
  }

  @Test
  @DisplayName("hold the fields of a group message, with the group as {id, name}, flagged offline when replayed")
  void groupMessage() {
    ChatMessage message = new ChatMessage(ConvId.group(3), 1, "n1-2", new UserRef(7, "alice"), null,
        new GroupRef(3, "team"), TEXT, 5L);
    assertEquals(new JsonObject()
        .put("event", "message")
        .put("msg_id", "n1-2")
        .put("conv", "g:3")
        .put("seq", 1)
        .put("from", new JsonObject().put("id", 7).put("name", "alice"))
        .put("group", new JsonObject().put("id", 3).put("name", "team"))
        .put("text", TEXT)
        .put("ts", 5L)
        .put("offline", true), line(Events.messageLine(message, true)));
  }

  @Test
  @DisplayName("carry names and text beyond ASCII as their UTF-8 bytes, an emoji at any place of a long text too")
  void utf8() {
    String longText = "x".repeat(999) + "😀" + "y".repeat(1_500) + "\u0001\"\\";
    ChatMessage message = new ChatMessage(ConvId.group(3), 1, "n1-3", new UserRef(7, "Zoë 😀"), null,
        new GroupRef(3, "équipe 🚀"), longText, 5L);
    byte[] line = Events.messageLine(message, false);
    String raw = new String(line, StandardCharsets.UTF_8);
    assertTrue(raw.contains("\"Zoë 😀\"") && raw.contains("\"équipe 🚀\""), raw.substring(0, 200));
    assertTrue(raw.contains("x😀y"), "the emoji after 999 characters, as its bytes");
    assertTrue(raw.contains("y\\u0001\\\"\\\\\""), "control characters, quotes and backslashes escaped");
    JsonObject event = line(line);
    assertEquals(longText, event.getString("text"));
    assertEquals("Zoë 😀", event.getJsonObject("from").getString("name"));
    assertEquals("équipe 🚀", event.getJsonObject("group").getString("name"));
  }

  /** One JSON object, then the newline that ends the line, and nothing after it. */
  private static JsonObject line(byte[] line) {
    assertEquals('\n', line[line.length - 1]);
    for (int i = 0; i < line.length - 1; i++) {
      assertNotEquals('\n', line[i], "a newline inside the line, at byte " + i);
    }
    return new JsonObject(Buffer.buffer(line).getBuffer(0, line.length - 1));
  }
}
