package io.chat.common.bus.node;

import io.chat.common.model.ChatMessage;
import io.chat.common.protocol.Events;

/**
 * An event's JSON text, made at most once, where it is first needed. A message that a node's
 * message service committed is handed to that node's own gateway as it is, and its text is made
 * by the first connection that writes it, on that connection's event loop: the message
 * service's loop, which every send goes through, does not spend its time on it. (For another
 * node the text is made when the delivery is encoded for the wire.) Two loops that need it at
 * once may both make it; the result is the same.
 */
public final class EventText {

  private final ChatMessage message;
  private volatile String text;

  private EventText(ChatMessage message, String text) {
    this.message = message;
    this.text = text;
  }

  /** An event whose text is already made. */
  public static EventText of(String text) {
    return new EventText(null, text);
  }

  /** A live {@code message} event, made when first asked for. */
  public static EventText of(ChatMessage message) {
    return new EventText(message, null);
  }

  public String text() {
    String made = text;
    if (made == null) {
      made = Events.message(message, false);
      text = made;
    }
    return made;
  }

  @Override
  public String toString() {
    return text();
  }
}
