package io.chat.common.bus.node;

import io.chat.common.json.JsonLines;
import io.chat.common.model.ChatMessage;
import io.chat.common.protocol.Events;

/**
 * An event as the line its sessions are sent (UTF-8, ending in a newline), made at most once, where
 * it is first needed. A message that a node's message service committed is handed to that node's
 * own gateway as it is, and its line is made by the first connection that writes it, on that
 * connection's event loop: the message service's loop, which every send goes through, does not
 * spend its time on it. Every other session it goes to is written the same bytes. (For another
 * node, its JSON text is made when the delivery is encoded for the wire.) Two loops that need it
 * at once may both make it; the result is the same.
 */
public final class EventText {

  private final ChatMessage message;
  private volatile String text;
  private volatile byte[] line;

  private EventText(ChatMessage message, String text) {
    this.message = message;
    this.text = text;
  }

  /** An event whose JSON text is already made. */
  public static EventText of(String text) {
    return new EventText(null, text);
  }

  /** A live {@code message} event, made when first asked for. */
  public static EventText of(ChatMessage message) {
    return new EventText(message, null);
  }

  /** The event as a line; shared, so never to be changed. */
  public byte[] line() {
    byte[] made = line;
    if (made == null) {
      made = message != null ? Events.messageLine(message, false) : JsonLines.line(text);
      line = made;
    }
    return made;
  }

  /** The event's JSON text (without the newline). */
  public String text() {
    String made = text;
    if (made == null) {
      made = JsonLines.text(line());
      text = made;
    }
    return made;
  }

  @Override
  public String toString() {
    return text();
  }
}
