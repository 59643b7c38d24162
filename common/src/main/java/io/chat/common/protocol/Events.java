package io.chat.common.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import io.chat.common.json.JsonLines;
import io.vertx.core.json.JsonObject;
import java.io.IOException;

/** Builders for the events of the wire protocol, so every producer spells them the same way. */
public final class Events {

  public static final String HELLO = "hello";
  public static final String MESSAGE = "message";
  public static final String PRESENCE = "presence";
  public static final String FRIEND_ADDED = "friend_added";
  public static final String FRIEND_REMOVED = "friend_removed";
  public static final String GROUP_MEMBER_JOINED = "group_member_joined";
  public static final String GROUP_MEMBER_LEFT = "group_member_left";
  public static final String GROUP_DELETED = "group_deleted";
  public static final String BYE = "bye";

  /** Reasons carried by {@code bye}. */
  public static final String BYE_FRAME_TOO_LARGE = "frame_too_large";
  public static final String BYE_IDLE_TIMEOUT = "idle_timeout";
  public static final String BYE_SHUTTING_DOWN = "shutting_down";
  public static final String BYE_SLOW_CONSUMER = "slow_consumer";
  public static final String BYE_TOO_MANY_CONNECTIONS = "too_many_connections";

  private Events() {
  }

  public static JsonObject hello(String node) {
    return new JsonObject().put("event", HELLO).put("proto", 1).put("node", node);
  }

  public static JsonObject bye(String reason) {
    return new JsonObject().put("event", BYE).put("reason", reason);
  }

  public static JsonObject user(int id, String name) {
    return new JsonObject().put("id", id).put("name", name);
  }

  public static JsonObject group(int id, String name) {
    return new JsonObject().put("id", id).put("name", name);
  }

  /**
   * A {@code message} event to one user, as JSON text: {event, msg_id, from {id, name}, to, text,
   * ts}. Written straight to text, as it is made once per message and never read back.
   */
  public static String directMessage(String msgId, int fromId, String fromName, int to, String text, long ts) {
    return JsonLines.text(generator -> {
      messageHead(generator, msgId, fromId, fromName);
      generator.writeNumberField("to", to);
      messageTail(generator, text, ts);
    });
  }

  /** A {@code message} event to a group, as JSON text: as {@link #directMessage}, with group {id, name}. */
  public static String groupMessage(String msgId, int fromId, String fromName, int groupId, String groupName,
      String text, long ts) {
    return JsonLines.text(generator -> {
      messageHead(generator, msgId, fromId, fromName);
      generator.writeObjectFieldStart("group");
      generator.writeNumberField("id", groupId);
      generator.writeStringField("name", groupName);
      generator.writeEndObject();
      messageTail(generator, text, ts);
    });
  }

  private static void messageHead(JsonGenerator generator, String msgId, int fromId, String fromName)
      throws IOException {
    generator.writeStringField("event", MESSAGE);
    generator.writeStringField("msg_id", msgId);
    generator.writeObjectFieldStart("from");
    generator.writeNumberField("id", fromId);
    generator.writeStringField("name", fromName);
    generator.writeEndObject();
  }

  private static void messageTail(JsonGenerator generator, String text, long ts) throws IOException {
    generator.writeStringField("text", text);
    generator.writeNumberField("ts", ts);
  }

  public static JsonObject presence(JsonObject user, boolean online) {
    return new JsonObject().put("event", PRESENCE).put("user", user).put("online", online);
  }

  /** {@code friend_added} / {@code friend_removed}: user is {id, name, online}. */
  public static JsonObject friendship(String event, JsonObject user) {
    return new JsonObject().put("event", event).put("user", user);
  }

  /** {@code group_member_joined} / {@code group_member_left}. */
  public static JsonObject groupMember(String event, JsonObject group, JsonObject user) {
    return new JsonObject().put("event", event).put("group", group).put("user", user);
  }

  public static JsonObject groupDeleted(JsonObject group) {
    return new JsonObject().put("event", GROUP_DELETED).put("group", group);
  }
}
