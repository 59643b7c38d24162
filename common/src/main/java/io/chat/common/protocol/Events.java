package io.chat.common.protocol;

import io.chat.common.json.JsonLines;
import io.chat.common.model.ChatMessage;
import io.vertx.core.json.JsonObject;

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

  /** The protocol version {@code hello} announces. */
  public static final int PROTOCOL_VERSION = 2;

  /** Reasons carried by {@code bye}. */
  public static final String BYE_FRAME_TOO_LARGE = "frame_too_large";
  public static final String BYE_IDLE_TIMEOUT = "idle_timeout";
  public static final String BYE_SHUTTING_DOWN = "shutting_down";
  public static final String BYE_SLOW_CONSUMER = "slow_consumer";
  public static final String BYE_TOO_MANY_CONNECTIONS = "too_many_connections";

  private Events() {
  }

  public static JsonObject hello(String node) {
    return new JsonObject().put("event", HELLO).put("proto", PROTOCOL_VERSION).put("node", node);
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
   * A {@code message} event as a line (UTF-8, ending in a newline): {event, msg_id, conv, seq,
   * from {id, name}, to or group {id, name}, text, ts}, and {@code offline: true} when it is
   * replayed. Written straight to bytes, as it is made once per message and never read back;
   * names and text beyond ASCII as their UTF-8 bytes.
   */
  public static byte[] messageLine(ChatMessage message, boolean offline) {
    return JsonLines.object(generator -> {
      generator.writeStringField("event", MESSAGE);
      generator.writeStringField("msg_id", message.msgId());
      generator.writeStringField("conv", message.conv().toString());
      generator.writeNumberField("seq", message.seq());
      generator.writeObjectFieldStart("from");
      generator.writeNumberField("id", message.from().id());
      JsonLines.writeUtf8Field(generator, "name", message.from().name());
      generator.writeEndObject();
      if (message.group() != null) {
        generator.writeObjectFieldStart("group");
        generator.writeNumberField("id", message.group().id());
        JsonLines.writeUtf8Field(generator, "name", message.group().name());
        generator.writeEndObject();
      } else {
        generator.writeNumberField("to", message.to());
      }
      JsonLines.writeUtf8Field(generator, "text", message.text());
      generator.writeNumberField("ts", message.ts());
      if (offline) {
        generator.writeBooleanField("offline", true);
      }
    });
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
