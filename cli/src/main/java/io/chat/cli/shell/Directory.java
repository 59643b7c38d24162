package io.chat.cli.shell;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names of the user's friends and groups as far as this client has seen them, for tab
 * completion. Kept up to date from replies and events; read by the completer on another thread.
 */
final class Directory {

  private final Set<String> friends = ConcurrentHashMap.newKeySet();
  private final Set<String> groups = ConcurrentHashMap.newKeySet();
  /** The logged-in user's id, or 0: a group event about them comes from their other sessions. */
  private volatile int me;

  List<String> friends() {
    return List.copyOf(friends);
  }

  List<String> groups() {
    return List.copyOf(groups);
  }

  void clear() {
    friends.clear();
    groups.clear();
    me = 0;
  }

  /** Learns from an ok reply to a request. */
  void replied(JsonObject request, JsonObject reply) {
    switch (String.valueOf(reply.getValue("op", request.getValue("op")))) {
      case "login" -> {
        JsonObject user = reply.getJsonObject("user");
        me = user == null ? 0 : user.getInteger("id", 0);
        reset(friends, reply.getJsonArray("friends"));
        reset(groups, reply.getJsonArray("groups"));
      }
      case "logout" -> clear();
      case "friends" -> reset(friends, reply.getJsonArray("friends"));
      case "groups" -> reset(groups, reply.getJsonArray("groups"));
      case "friend_add" -> add(friends, reply.getJsonObject("friend"));
      case "friend_remove" -> removeNamed(friends, request.getValue("name"));
      case "group_create", "group_join" -> add(groups, reply.getJsonObject("group"));
      case "group_leave", "group_delete" -> removeNamed(groups, request.getValue("group"));
      default -> {
      }
    }
  }

  /** Learns from an event. */
  void event(JsonObject event) {
    switch (String.valueOf(event.getValue("event"))) {
      case "friend_added" -> add(friends, event.getJsonObject("user"));
      case "friend_removed" -> {
        JsonObject user = event.getJsonObject("user");
        removeNamed(friends, user == null ? null : user.getValue("name"));
      }
      case "group_deleted" -> {
        JsonObject group = event.getJsonObject("group");
        removeNamed(groups, group == null ? null : group.getValue("name"));
      }
      case "group_member_joined", "group_member_left" -> {
        JsonObject user = event.getJsonObject("user");
        JsonObject group = event.getJsonObject("group");
        if (user != null && me != 0 && user.getInteger("id", 0) == me) {
          // This user joined or left on another session.
          if ("group_member_joined".equals(event.getString("event"))) {
            add(groups, group);
          } else {
            removeNamed(groups, group == null ? null : group.getValue("name"));
          }
        }
      }
      default -> {
      }
    }
  }

  private static void reset(Set<String> names, JsonArray entries) {
    names.clear();
    if (entries != null) {
      for (Object entry : entries) {
        if (entry instanceof JsonObject object) {
          add(names, object);
        }
      }
    }
  }

  private static void add(Set<String> names, JsonObject entry) {
    if (entry != null && entry.getValue("name") instanceof String name) {
      names.add(name);
    }
  }

  private static void removeNamed(Set<String> names, Object name) {
    if (name instanceof String text) {
      names.remove(text);
    }
  }
}
