package io.chat.message.log;

import io.chat.common.bus.message.Sent;
import io.chat.common.model.ChatMessage;

/**
 * A draft once its batch committed: the sender's reply, and the message stored, which is null
 * when the draft repeated a cid its sender had used (the reply is then that first message's, and
 * nothing new was stored).
 */
public record Appended(Sent reply, ChatMessage stored) {

  static Appended fresh(ChatMessage message) {
    return new Appended(new Sent(message.msgId(), message.ts(), message.conv(), message.seq(), false), message);
  }

  static Appended repeat(Sent first) {
    return new Appended(first.asDuplicate(), null);
  }
}
