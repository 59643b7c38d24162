package io.chat.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The renderer")
class RendererTest {

  private static final Instant NOW = Instant.parse("2026-11-27T14:30:00Z");
  private final Renderer renderer = new Renderer(Clock.fixed(NOW, ZoneOffset.UTC), true);

  private static JsonObject json(String text) {
    return new JsonObject(text);
  }

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  @DisplayName("shows a message with its time, sender and, for a group, the group")
  void messages() {
    assertEquals("[14:03] bob: hi there", renderer.event(json("{\"event\":\"message\",\"from\":{\"id\":2,\"name\":\"bob\"},"
        + "\"to\":1,\"text\":\"hi there\",\"ts\":" + at("2026-11-27T14:03:10Z") + "}")));
    assertEquals("[14:03] [team] bob: hello", renderer.event(json("{\"event\":\"message\",\"from\":{\"id\":2,\"name\":\"bob\"},"
        + "\"group\":{\"id\":3,\"name\":\"team\"},\"text\":\"hello\",\"ts\":" + at("2026-11-27T14:03:10Z") + "}")));
  }

  @Test
  @DisplayName("dates a message from another day and marks one kept while the user was away")
  void storedMessages() {
    assertEquals("[Nov 25 09:15] bob: earlier  (sent while you were away)", renderer.event(json(
        "{\"event\":\"message\",\"from\":{\"id\":2,\"name\":\"bob\"},\"to\":1,\"text\":\"earlier\",\"offline\":true,\"ts\":"
            + at("2026-11-25T09:15:00Z") + "}")));
  }

  @Test
  @DisplayName("shows control characters in other users' texts as ?, so they cannot drive the terminal")
  void controlCharacters() {
    JsonObject event = new JsonObject().put("event", "message").put("from", new JsonObject().put("id", 2).put("name", "b\u001bob"))
        .put("to", 1).put("text", "red \u001b[31m\r\nline\u0007").put("ts", at("2026-11-27T14:03:10Z"));
    assertEquals("[14:03] b?ob: red ?[31m??line?", renderer.event(event));
  }

  @Test
  @DisplayName("shows presence, friendship and group events as notices")
  void notices() {
    assertEquals("* bob is online", renderer.event(json("{\"event\":\"presence\",\"user\":{\"id\":2,\"name\":\"bob\"},\"online\":true}")));
    assertEquals("* bob went offline", renderer.event(json("{\"event\":\"presence\",\"user\":{\"id\":2,\"name\":\"bob\"},\"online\":false}")));
    assertEquals("* bob added you as a friend", renderer.event(json("{\"event\":\"friend_added\",\"user\":{\"id\":2,\"name\":\"bob\",\"online\":true}}")));
    assertEquals("* bob removed you as a friend", renderer.event(json("{\"event\":\"friend_removed\",\"user\":{\"id\":2,\"name\":\"bob\"}}")));
    assertEquals("* bob joined [team]", renderer.event(json("{\"event\":\"group_member_joined\",\"group\":{\"id\":3,\"name\":\"team\"},\"user\":{\"id\":2,\"name\":\"bob\"}}")));
    assertEquals("* bob left [team]", renderer.event(json("{\"event\":\"group_member_left\",\"group\":{\"id\":3,\"name\":\"team\"},\"user\":{\"id\":2,\"name\":\"bob\"}}")));
    assertEquals("* [team] was deleted", renderer.event(json("{\"event\":\"group_deleted\",\"group\":{\"id\":3,\"name\":\"team\"}}")));
    assertEquals("* the server is closing the connection: the server is shutting down",
        renderer.event(json("{\"event\":\"bye\",\"reason\":\"shutting_down\"}")));
    assertEquals("* connected to node n1", renderer.event(json("{\"event\":\"hello\",\"proto\":1,\"node\":\"n1\"}")));
  }

  @Test
  @DisplayName("sums up a login: who, friends and who is online, groups, messages to follow")
  void login() {
    String reply = renderer.reply(json("{\"op\":\"login\",\"name\":\"alice\",\"password\":\"x\"}"), json(
        "{\"op\":\"login\",\"ok\":true,\"user\":{\"id\":1,\"name\":\"alice\"},\"friends\":[{\"id\":2,\"name\":\"bob\",\"online\":true},"
            + "{\"id\":3,\"name\":\"carol\",\"online\":false}],\"groups\":[{\"id\":4,\"name\":\"team\",\"desc\":\"ours\",\"role\":\"creator\"}],\"offline\":2}"));
    assertEquals(String.join(System.lineSeparator(), "logged in as alice (id 1)", "friends: bob (online), carol",
        "groups: [team] (id 4, yours, ours)", "2 messages sent while you were away:"), reply);
  }

  @Test
  @DisplayName("answers each op's reply in words, and a sent message with nothing")
  void replies() {
    assertNull(renderer.reply(json("{\"op\":\"send\"}"), json("{\"op\":\"send\",\"ok\":true,\"msg_id\":\"a\",\"ts\":1}")));
    assertEquals("registered alice (id 1); now /login alice", renderer.reply(json("{\"op\":\"register\"}"),
        json("{\"op\":\"register\",\"ok\":true,\"user\":{\"id\":1,\"name\":\"alice\"}}")));
    assertEquals("bob is now your friend (online)", renderer.reply(json("{\"op\":\"friend_add\",\"name\":\"bob\"}"),
        json("{\"op\":\"friend_add\",\"ok\":true,\"friend\":{\"id\":2,\"name\":\"bob\",\"online\":true}}")));
    assertEquals("no longer friends with #2", renderer.reply(json("{\"op\":\"friend_remove\",\"id\":2}"),
        json("{\"op\":\"friend_remove\",\"ok\":true}")));
    assertEquals("no friends yet (/add <user>)", renderer.reply(json("{\"op\":\"friends\"}"),
        json("{\"op\":\"friends\",\"ok\":true,\"friends\":[]}")));
    assertEquals("members of team: alice (creator) (online), bob", renderer.reply(json("{\"op\":\"group_members\",\"group\":\"team\"}"),
        json("{\"op\":\"group_members\",\"ok\":true,\"members\":[{\"id\":1,\"name\":\"alice\",\"role\":\"creator\",\"online\":true},"
            + "{\"id\":2,\"name\":\"bob\",\"role\":\"normal\",\"online\":false}]}")));
    assertEquals("left group team", renderer.reply(json("{\"op\":\"group_leave\",\"group\":\"team\"}"),
        json("{\"op\":\"group_leave\",\"ok\":true}")));
    assertEquals("pong", renderer.reply(json("{\"op\":\"ping\"}"), json("{\"op\":\"ping\",\"ok\":true}")));
    assertEquals("the server knows: ping, help", renderer.reply(json("{\"op\":\"help\"}"),
        json("{\"op\":\"help\",\"ok\":true,\"ops\":[\"ping\",\"help\"]}")));
  }

  @Test
  @DisplayName("shows an error with the server's words and its code, and a hint where one helps")
  void errors() {
    assertEquals("error: bob is not your friend (not_friends)", renderer.reply(json("{\"op\":\"send\"}"),
        json("{\"op\":\"send\",\"ok\":false,\"error\":\"not_friends\",\"message\":\"bob is not your friend\"}")));
    assertEquals("error: log in first (not_logged_in); /login <name> first", renderer.error(
        json("{\"op\":\"friends\",\"ok\":false,\"error\":\"not_logged_in\",\"message\":\"log in first\"}")));
    assertEquals("error: bad_json", renderer.error(json("{\"ok\":false,\"error\":\"bad_json\"}")));
  }

  @Test
  @DisplayName("suggests no slash command to a one-shot command, which cannot take one")
  void noHintsForScripts() {
    Renderer script = new Renderer(Clock.fixed(NOW, ZoneOffset.UTC), false);
    assertEquals("registered erin (id 8)", script.reply(json("{\"op\":\"register\"}"),
        json("{\"op\":\"register\",\"ok\":true,\"user\":{\"id\":8,\"name\":\"erin\"}}")));
    assertEquals("no friends yet", script.reply(json("{\"op\":\"friends\"}"),
        json("{\"op\":\"friends\",\"ok\":true,\"friends\":[]}")));
    assertEquals("error: log in first (not_logged_in)", script.error(
        json("{\"op\":\"friends\",\"ok\":false,\"error\":\"not_logged_in\",\"message\":\"log in first\"}")));
  }

  @Test
  @DisplayName("shows a page of history as messages, oldest first, saying when earlier ones exist")
  void history() {
    String page = "{\"op\":\"history\",\"ok\":true,\"conv\":\"d:1:2\",\"more\":true,\"messages\":["
        + "{\"conv\":\"d:1:2\",\"seq\":4,\"from\":{\"id\":2,\"name\":\"bob\"},\"to\":1,\"text\":\"one\",\"ts\":"
        + at("2026-11-26T10:00:00Z") + "},"
        + "{\"conv\":\"d:1:2\",\"seq\":5,\"from\":{\"id\":1,\"name\":\"alice\"},\"to\":2,\"text\":\"two\",\"ts\":"
        + at("2026-11-27T14:03:00Z") + "}]}";
    assertEquals(String.join(System.lineSeparator(), "(earlier messages not shown)", "[Nov 26 10:00] bob: one",
        "[14:03] alice: two"), renderer.reply(json("{\"op\":\"history\",\"with\":\"bob\"}"), json(page)));
    assertEquals("no messages yet", renderer.reply(json("{\"op\":\"history\",\"with\":\"bob\"}"),
        json("{\"op\":\"history\",\"ok\":true,\"conv\":\"d:1:2\",\"messages\":[],\"more\":false}")));
  }

  @Test
  @DisplayName("lists conversations with whom or which group, when the last message came and how many are unread")
  void conversations() {
    String convs = "{\"op\":\"conversations\",\"ok\":true,\"convs\":["
        + "{\"conv\":\"g:3\",\"group\":{\"id\":3,\"name\":\"team\"},\"last_seq\":9,\"last_ts\":"
        + at("2026-11-27T14:10:00Z") + ",\"acked_seq\":7},"
        + "{\"conv\":\"d:1:2\",\"with\":{\"id\":2,\"name\":\"bob\"},\"last_seq\":5,\"last_ts\":"
        + at("2026-11-25T08:00:00Z") + ",\"acked_seq\":5}]}";
    assertEquals(String.join(System.lineSeparator(), "conversations:", "  [team], last message 14:10, 2 unread",
        "  bob, last message Nov 25 08:00"), renderer.reply(json("{\"op\":\"conversations\"}"), json(convs)));
    assertEquals("no conversations yet", renderer.reply(json("{\"op\":\"conversations\"}"),
        json("{\"op\":\"conversations\",\"ok\":true,\"convs\":[]}")));
  }
}
