package io.chat.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The command parser")
class CommandParserTest {

  private static JsonObject request(String line) {
    return assertInstanceOf(Command.Request.class, CommandParser.parse(line, null)).body();
  }

  private static JsonObject json(String text) {
    return new JsonObject(text);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "/logout              | {\"op\":\"logout\"}",
      "/friends             | {\"op\":\"friends\"}",
      "/add bob             | {\"op\":\"friend_add\",\"name\":\"bob\"}",
      "/add #12             | {\"op\":\"friend_add\",\"id\":12}",
      "/remove bob          | {\"op\":\"friend_remove\",\"name\":\"bob\"}",
      "/groups              | {\"op\":\"groups\"}",
      "/create team         | {\"op\":\"group_create\",\"name\":\"team\"}",
      "/create team our  team | {\"op\":\"group_create\",\"name\":\"team\",\"desc\":\"our  team\"}",
      "/join team           | {\"op\":\"group_join\",\"group\":\"team\"}",
      "/join #3             | {\"op\":\"group_join\",\"group\":3}",
      "/leave team          | {\"op\":\"group_leave\",\"group\":\"team\"}",
      "/delete team         | {\"op\":\"group_delete\",\"group\":\"team\"}",
      "/members team        | {\"op\":\"group_members\",\"group\":\"team\"}",
      "/history bob         | {\"op\":\"history\",\"with\":\"bob\",\"limit\":20}",
      "/history #2 50       | {\"op\":\"history\",\"with\":2,\"limit\":50}",
      "/ghistory team 5     | {\"op\":\"history\",\"group\":\"team\",\"limit\":5}",
      "/conversations       | {\"op\":\"conversations\"}",
      "/ping                | {\"op\":\"ping\"}",
      "/ops                 | {\"op\":\"help\"}",
      "/login alice secret1 | {\"op\":\"login\",\"name\":\"alice\",\"password\":\"secret1\",\"ack\":true}",
      "/register alice my secret | {\"op\":\"register\",\"name\":\"alice\",\"password\":\"my secret\"}",
      "/raw {\"op\":\"friends\",\"ref\":7} | {\"op\":\"friends\",\"ref\":7}"})
  @DisplayName("turns each command into the request of its op")
  void requests(String line, String expected) {
    assertEquals(json(expected), request(line));
  }

  @Test
  @DisplayName("keeps a message's text as typed, quotes, spaces and all, and makes its target the conversation")
  void message() {
    Command.Request request = assertInstanceOf(Command.Request.class,
        CommandParser.parse("/msg bob  hi \"there\",   it's me! ", null));
    assertEquals(json("{\"op\":\"send\",\"to\":\"bob\",\"text\":\"hi \\\"there\\\",   it's me!\"}"), request.body());
    assertEquals(new Conversation(false, "bob"), request.conversation());
    Command.Request group = assertInstanceOf(Command.Request.class, CommandParser.parse("/g #4 hello all", null));
    assertEquals(json("{\"op\":\"group_send\",\"group\":4,\"text\":\"hello all\"}"), group.body());
    assertEquals("[#4]", group.conversation().label());
  }

  @Test
  @DisplayName("sends a plain line to the conversation, and //text as a text starting with a slash")
  void plainLines() {
    Conversation bob = new Conversation(false, "bob");
    assertEquals(json("{\"op\":\"send\",\"to\":\"bob\",\"text\":\"hello\"}"),
        assertInstanceOf(Command.Request.class, CommandParser.parse("hello", bob)).body());
    assertEquals(json("{\"op\":\"send\",\"to\":\"bob\",\"text\":\"/shrug\"}"),
        assertInstanceOf(Command.Request.class, CommandParser.parse("//shrug", bob)).body());
    assertNull(assertInstanceOf(Command.Request.class, CommandParser.parse("hello", bob)).conversation());
    assertTrue(assertInstanceOf(Command.Invalid.class, CommandParser.parse("hello", null)).problem().contains("/msg"));
  }

  @Test
  @DisplayName("asks for the password when /login or /register has none")
  void passwordPrompt() {
    Command.NeedsPassword needs = assertInstanceOf(Command.NeedsPassword.class, CommandParser.parse("/login alice", null));
    assertEquals(json("{\"op\":\"login\",\"name\":\"alice\",\"password\":\"pw 1\",\"ack\":true}"), needs.with("pw 1").body());
    assertEquals("register", assertInstanceOf(Command.NeedsPassword.class, CommandParser.parse("/register bob", null)).op());
  }

  @Test
  @DisplayName("reads #digits as an id only when it fits an int, and any other word as a name")
  void ids() {
    assertEquals(json("{\"op\":\"friend_add\",\"name\":\"#99999999999\"}"), request("/add #99999999999"));
    assertEquals(json("{\"op\":\"friend_add\",\"name\":\"#bob\"}"), request("/add #bob"));
    assertEquals(json("{\"op\":\"friend_add\",\"name\":\"#\"}"), request("/add #"));
    assertEquals(json("{\"op\":\"friend_add\",\"name\":\"123\"}"), request("/add 123"));
  }

  @Test
  @DisplayName("knows commands in any case, /exit as /quit, and help topics")
  void localCommands() {
    assertInstanceOf(Command.Quit.class, CommandParser.parse("/QUIT", null));
    assertInstanceOf(Command.Quit.class, CommandParser.parse("/exit", null));
    assertEquals("msg", assertInstanceOf(Command.Help.class, CommandParser.parse("/help msg", null)).topic());
    assertNull(assertInstanceOf(Command.Help.class, CommandParser.parse("/help", null)).topic());
    assertInstanceOf(Command.Nothing.class, CommandParser.parse("   ", null));
    assertTrue(HelpText.of("msg").contains("/msg <user> <text>"));
    assertTrue(HelpText.of(null).contains("/quit"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/add", "/add a b", "/msg bob", "/g team", "/join", "/friends now", "/raw",
      "/raw [1]", "/raw {nope", "/create", "/history", "/history bob many",
      "/history bob 5 6", "/quit now", "/login", "/help a b"})
  @DisplayName("says how a command is used when its arguments are wrong")
  void usage(String line) {
    Command.Invalid invalid = assertInstanceOf(Command.Invalid.class, CommandParser.parse(line, null));
    assertTrue(invalid.problem().contains("/"), invalid.problem());
  }

  @Test
  @DisplayName("names an unknown command")
  void unknown() {
    assertEquals("unknown command /dance (see /help)",
        assertInstanceOf(Command.Invalid.class, CommandParser.parse("/dance now", null)).problem());
  }
}
