package io.chat.push;

import io.chat.common.bus.push.Device;
import io.chat.common.model.ChatMessage;
import io.chat.common.model.GroupRef;
import io.chat.common.model.UserRef;
import io.chat.push.device.DeviceRow;

/**
 * What one device is told about one stored message: who it is for, a title (the sender, or the
 * group of a group message), a body (the start of the text, or null when previews are off) and
 * where the message is ({@code conv}, {@code seq}, {@code msg_id}).
 *
 * @param group the message's group; null for a direct message
 * @param body null when previews are off
 */
public record Notification(UserRef user, Device device, String title, String body, String conv, long seq,
    String msgId, UserRef from, GroupRef group, long ts) {

  /** Characters of the text a notification shows. */
  public static final int PREVIEW_CHARACTERS = 100;

  public static Notification of(ChatMessage message, DeviceRow to, boolean preview) {
    String title = message.group() != null ? message.group().name() : message.from().name();
    return new Notification(to.user(), to.device(), title, preview ? preview(message.text()) : null,
        message.conv().toString(), message.seq(), message.msgId(), message.from(), message.group(), message.ts());
  }

  /** The first {@value #PREVIEW_CHARACTERS} characters (code points: a pair of surrogates is never split). */
  static String preview(String text) {
    if (text.codePointCount(0, text.length()) <= PREVIEW_CHARACTERS) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, PREVIEW_CHARACTERS));
  }
}
