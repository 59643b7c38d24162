package io.chat.cli.command;

import io.vertx.core.json.JsonObject;

/** Where plain lines (without a leading slash) go: a user (send) or a group (group_send). */
public record Conversation(boolean group, Object target) {

  /** A conversation with the user or group a word names ({@code #12} is an id, else a name). */
  public static Conversation named(boolean group, String word) {
    return new Conversation(group, Arguments.idOrName(word));
  }

  /** The request that sends this text here. */
  public JsonObject message(String text) {
    return group
        ? new JsonObject().put("op", "group_send").put("group", target).put("text", text)
        : new JsonObject().put("op", "send").put("to", target).put("text", text);
  }

  /** How the prompt shows it: {@code bob}, {@code #12}, {@code [team]}. */
  public String label() {
    String name = target instanceof Integer id ? "#" + id : String.valueOf(target);
    return group ? "[" + name + "]" : name;
  }
}
