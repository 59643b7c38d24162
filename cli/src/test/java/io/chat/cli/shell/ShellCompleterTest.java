package io.chat.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jline.reader.Candidate;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Tab completion")
class ShellCompleterTest {

  private final Directory directory = new Directory();
  private final ShellCompleter completer = new ShellCompleter(directory);

  private Set<String> complete(String line) {
    List<Candidate> candidates = new ArrayList<>();
    completer.complete(null, new DefaultParser().parse(line, line.length()), candidates);
    return candidates.stream().map(Candidate::value).collect(Collectors.toSet());
  }

  private static JsonObject json(String text) {
    return new JsonObject(text);
  }

  @Test
  @DisplayName("offers the commands first, then friends after user commands and groups after group commands")
  void candidates() {
    directory.replied(json("{\"op\":\"login\"}"), json("{\"op\":\"login\",\"ok\":true,"
        + "\"friends\":[{\"id\":2,\"name\":\"bob\"}],\"groups\":[{\"id\":3,\"name\":\"team\"}]}"));
    assertTrue(complete("/").containsAll(Set.of("/msg", "/g", "/login", "/quit")));
    assertEquals(Set.of("bob"), complete("/msg "));
    assertEquals(Set.of("team"), complete("/g "));
    assertEquals(Set.of(), complete("/login "));
    assertEquals(Set.of(), complete("/msg bob hel"));
    assertTrue(complete("/help ").contains("msg"));
  }

  @Test
  @DisplayName("follows friends and groups as replies and events come")
  void follows() {
    directory.replied(json("{\"op\":\"friend_add\",\"name\":\"bob\"}"),
        json("{\"op\":\"friend_add\",\"ok\":true,\"friend\":{\"id\":2,\"name\":\"bob\"}}"));
    directory.event(json("{\"event\":\"friend_added\",\"user\":{\"id\":3,\"name\":\"carol\"}}"));
    directory.replied(json("{\"op\":\"group_join\",\"group\":\"team\"}"),
        json("{\"op\":\"group_join\",\"ok\":true,\"group\":{\"id\":4,\"name\":\"team\"}}"));
    assertEquals(Set.of("bob", "carol"), complete("/remove "));
    assertEquals(Set.of("team"), complete("/leave "));
    directory.event(json("{\"event\":\"friend_removed\",\"user\":{\"id\":3,\"name\":\"carol\"}}"));
    directory.replied(json("{\"op\":\"friend_remove\",\"name\":\"bob\"}"), json("{\"op\":\"friend_remove\",\"ok\":true}"));
    directory.event(json("{\"event\":\"group_deleted\",\"group\":{\"id\":4,\"name\":\"team\"}}"));
    assertEquals(Set.of(), complete("/msg "));
    assertEquals(Set.of(), complete("/g "));
  }

  @Test
  @DisplayName("follows the groups the user joins and leaves on another session, not those of other members")
  void followsOtherSessions() {
    directory.replied(json("{\"op\":\"login\"}"), json("{\"op\":\"login\",\"ok\":true,"
        + "\"user\":{\"id\":1,\"name\":\"alice\"},\"friends\":[],\"groups\":[]}"));
    directory.event(json("{\"event\":\"group_member_joined\",\"group\":{\"id\":4,\"name\":\"team\"},"
        + "\"user\":{\"id\":1,\"name\":\"alice\"}}"));
    directory.event(json("{\"event\":\"group_member_joined\",\"group\":{\"id\":5,\"name\":\"other\"},"
        + "\"user\":{\"id\":2,\"name\":\"bob\"}}"));
    assertEquals(Set.of("team"), complete("/leave "));
    directory.event(json("{\"event\":\"group_member_left\",\"group\":{\"id\":4,\"name\":\"team\"},"
        + "\"user\":{\"id\":1,\"name\":\"alice\"}}"));
    assertEquals(Set.of(), complete("/leave "));
  }
}
