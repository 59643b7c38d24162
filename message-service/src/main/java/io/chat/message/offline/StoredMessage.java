package io.chat.message.offline;

/** A stored message: its row id (arrival order) and the event as the client will read it. */
public record StoredMessage(long id, String event) {
}
