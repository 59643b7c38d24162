package io.chat.cli.command;

import io.vertx.core.json.JsonObject;

/** What a line typed by the user asks for. */
public sealed interface Command {

  /**
   * A request for the server. {@code conversation} is where plain lines go once the server has
   * accepted it (the user or group it sent a message to), or null when it does not change that.
   */
  record Request(JsonObject body, Conversation conversation) implements Command {
  }

  /**
   * {@code /login} or {@code /register} without a password: ask for it without echo, then send.
   * The client acknowledges what it shows, so its logins ask for that.
   */
  record NeedsPassword(String op, String name) implements Command {

    public Request with(String password) {
      JsonObject body = new JsonObject().put("op", op).put("name", name).put("password", password);
      return new Request("login".equals(op) ? body.put("ack", true) : body, null);
    }
  }

  /** Help on all commands, or on one (topic without the slash, or null). */
  record Help(String topic) implements Command {
  }

  record Quit() implements Command {
  }

  /** Nothing to do (an empty line). */
  record Nothing() implements Command {
  }

  /** A line that cannot be carried out, and why, in words for the user. */
  record Invalid(String problem) implements Command {
  }
}
