package io.chat.cli.render;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns the server's replies and events into lines for people: messages with their time, sender
 * and group, notices starting with {@code *}, errors with the server's words and code. Texts from
 * other users are shown with control characters replaced, so a message cannot drive the terminal.
 */
public final class Renderer {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
  private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT);

  private final Clock clock;
  private final boolean slashHints;

  /** @param slashHints whether lines may suggest a slash command (the shell), or not (one-shot commands) */
  public Renderer(Clock clock, boolean slashHints) {
    this.clock = clock;
    this.slashHints = slashHints;
  }

  /** The line for an event, or null for one not worth a line. */
  public String event(JsonObject event) {
    String type = String.valueOf(event.getValue("event"));
    return switch (type) {
      case "hello" -> "* connected to node " + safe(event.getString("node"));
      case "message" -> message(event);
      case "presence" -> "* " + name(event.getJsonObject("user"))
          + (Boolean.TRUE.equals(event.getBoolean("online")) ? " is online" : " went offline");
      case "friend_added" -> "* " + name(event.getJsonObject("user")) + " added you as a friend";
      case "friend_removed" -> "* " + name(event.getJsonObject("user")) + " removed you as a friend";
      case "group_member_joined" -> "* " + name(event.getJsonObject("user")) + " joined " + group(event);
      case "group_member_left" -> "* " + name(event.getJsonObject("user")) + " left " + group(event);
      case "group_deleted" -> "* " + group(event) + " was deleted";
      case "bye" -> "* the server is closing the connection: " + ByeReasons.describe(event.getString("reason"));
      default -> "* " + safe(event.encode());
    };
  }

  private String message(JsonObject event) {
    StringBuilder line = new StringBuilder();
    line.append('[').append(when(event.getLong("ts"))).append("] ");
    if (event.getValue("group") instanceof JsonObject) {
      line.append(group(event)).append(' ');
    }
    line.append(name(event.getJsonObject("from"))).append(": ").append(safe(event.getString("text")));
    if (Boolean.TRUE.equals(event.getBoolean("offline"))) {
      line.append("  (sent while you were away)");
    }
    return line.toString();
  }

  /**
   * The line for a reply to a request, or null when an ok needs none (a sent message). An
   * error reply gives {@link #error}.
   */
  public String reply(JsonObject request, JsonObject reply) {
    if (!Boolean.TRUE.equals(reply.getBoolean("ok"))) {
      return error(reply);
    }
    String op = String.valueOf(reply.getValue("op", request.getValue("op")));
    return switch (op) {
      case "register" -> "registered " + name(reply.getJsonObject("user")) + " (id "
          + reply.getJsonObject("user", new JsonObject()).getValue("id") + ")"
          + hint("; now /login " + safe(reply.getJsonObject("user", new JsonObject()).getString("name")));
      case "login" -> login(reply);
      case "logout" -> "logged out";
      case "friends" -> friends(reply.getJsonArray("friends"));
      case "friend_add" -> name(reply.getJsonObject("friend")) + " is now your friend"
          + online(reply.getJsonObject("friend"));
      case "friend_remove" -> "no longer friends with " + target(request, "id", "name");
      case "send", "group_send" -> null;
      case "groups" -> groups(reply.getJsonArray("groups"));
      case "group_create" -> "created group " + groupLine(reply.getJsonObject("group"));
      case "group_join" -> "joined group " + groupLine(reply.getJsonObject("group"));
      case "group_leave" -> "left group " + target(request, "group", null);
      case "group_delete" -> "deleted group " + target(request, "group", null);
      case "group_members" -> members(target(request, "group", null), reply.getJsonArray("members"));
      case "ping" -> "pong";
      case "help" -> "the server knows: " + strings(reply.getJsonArray("ops"));
      case "history" -> history(reply);
      case "conversations" -> conversations(reply.getJsonArray("convs"));
      default -> safe(reply.encode());
    };
  }

  /** {@code error: <the server's words> (<code>)}. */
  public String error(JsonObject reply) {
    String code = String.valueOf(reply.getValue("error"));
    String message = reply.getString("message");
    return "error: " + (message == null ? code : safe(message) + " (" + code + ")")
        + ("not_logged_in".equals(code) ? hint("; /login <name> first") : "");
  }

  private String login(JsonObject reply) {
    JsonObject user = reply.getJsonObject("user", new JsonObject());
    List<String> lines = new ArrayList<>();
    lines.add("logged in as " + name(user) + " (id " + user.getValue("id") + ")");
    lines.add(friends(reply.getJsonArray("friends")));
    lines.add(groups(reply.getJsonArray("groups")));
    int stored = reply.getInteger("offline", 0);
    if (stored > 0) {
      lines.add(stored + (stored == 1 ? " message" : " messages") + " sent while you were away:");
    }
    return String.join(System.lineSeparator(), lines);
  }

  /** The messages, oldest first, as live ones are shown, after a line saying so when earlier ones exist. */
  private String history(JsonObject reply) {
    List<String> lines = new ArrayList<>();
    objects(reply.getJsonArray("messages")).forEach(message -> lines.add(message(message)));
    if (lines.isEmpty()) {
      return "no messages yet";
    }
    if (Boolean.TRUE.equals(reply.getBoolean("more"))) {
      lines.add(0, "(earlier messages not shown)");
    }
    return String.join(System.lineSeparator(), lines);
  }

  private String conversations(JsonArray convs) {
    if (convs == null || convs.isEmpty()) {
      return "no conversations yet";
    }
    List<String> lines = new ArrayList<>();
    lines.add("conversations:");
    for (JsonObject conv : objects(convs)) {
      String with = conv.getValue("group") instanceof JsonObject ? group(conv) : name(conv.getJsonObject("with"));
      long unread = conv.getLong("last_seq", 0L) - conv.getLong("acked_seq", 0L);
      lines.add("  " + with + ", last message " + when(conv.getLong("last_ts"))
          + (unread > 0 ? ", " + unread + " unread" : ""));
    }
    return String.join(System.lineSeparator(), lines);
  }

  private String friends(JsonArray friends) {
    if (friends == null || friends.isEmpty()) {
      return "no friends yet" + hint(" (/add <user>)");
    }
    return "friends: " + objects(friends).stream()
        .map(friend -> name(friend) + online(friend))
        .collect(Collectors.joining(", "));
  }

  private String groups(JsonArray groups) {
    if (groups == null || groups.isEmpty()) {
      return "no groups yet" + hint(" (/create <group> or /join <group>)");
    }
    return "groups: " + objects(groups).stream().map(this::groupLine).collect(Collectors.joining(", "));
  }

  private String members(String group, JsonArray members) {
    return "members of " + group + ": " + objects(members).stream()
        .map(member -> name(member) + ("creator".equals(member.getString("role")) ? " (creator)" : "")
            + online(member))
        .collect(Collectors.joining(", "));
  }

  private String groupLine(JsonObject group) {
    if (group == null) {
      return "?";
    }
    String desc = group.getString("desc");
    return "[" + safe(group.getString("name")) + "] (id " + group.getValue("id")
        + ("creator".equals(group.getString("role")) ? ", yours" : "")
        + (desc == null || desc.isEmpty() ? "" : ", " + safe(desc)) + ")";
  }

  private String group(JsonObject event) {
    JsonObject group = event.getJsonObject("group");
    return "[" + (group == null ? "?" : safe(group.getString("name"))) + "]";
  }

  private String hint(String text) {
    return slashHints ? text : "";
  }

  private static String online(JsonObject user) {
    return user != null && Boolean.TRUE.equals(user.getBoolean("online")) ? " (online)" : "";
  }

  private static String name(JsonObject user) {
    return user == null ? "?" : safe(user.getString("name"));
  }

  /** How the request named its user or group, for replies that do not repeat it. */
  private static String target(JsonObject request, String field, String nameField) {
    Object value = request.getValue(field);
    if (value == null && nameField != null) {
      value = request.getValue(nameField);
    }
    return value instanceof Number id ? "#" + id : safe(String.valueOf(value));
  }

  private static String strings(JsonArray values) {
    return values == null ? "" : values.stream().map(String::valueOf).map(Renderer::safe)
        .collect(Collectors.joining(", "));
  }

  private static List<JsonObject> objects(JsonArray array) {
    List<JsonObject> objects = new ArrayList<>();
    if (array != null) {
      for (Object value : array) {
        if (value instanceof JsonObject object) {
          objects.add(object);
        }
      }
    }
    return objects;
  }

  /** The time of a message: {@code 14:03} today, {@code Nov 25 14:03} before. */
  private String when(Long ts) {
    if (ts == null) {
      return "--:--";
    }
    ZonedDateTime time = Instant.ofEpochMilli(ts).atZone(clock.getZone());
    return time.toLocalDate().equals(LocalDate.now(clock)) ? TIME.format(time) : DAY_AND_TIME.format(time);
  }

  /** The text with control characters (escape sequences, bells, line breaks) shown as {@code ?}. */
  static String safe(String text) {
    if (text == null) {
      return "?";
    }
    StringBuilder shown = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
      if (control && shown == null) {
        shown = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (shown != null) {
        shown.append(control ? '?' : c);
      }
    }
    return shown == null ? text : shown.toString();
  }
}
