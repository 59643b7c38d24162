package io.chat.gateway.session;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The message events a connection is writing. Each is remembered from the moment it is queued
 * until the socket took it (the write completed), so when the connection closes, those it never
 * wrote can be stored for their user instead of being lost with the connection's buffers.
 */
final class Outbound {

  /** A message event for a user, as the line queued on the socket. */
  record Pending(int userId, Buffer line) {
    /** The event as JSON text (the line without its line end). */
    String event() {
      return line.getString(0, line.length() - 1, StandardCharsets.UTF_8.name());
    }
  }

  private final NetSocket socket;
  private final ArrayDeque<Pending> unwritten = new ArrayDeque<>();

  Outbound(NetSocket socket, int limitBytes) {
    this.socket = socket;
    socket.setWriteQueueMaxSize(limitBytes);
  }

  /** True when more than the outbound limit waits to be written: the client is not reading. */
  boolean full() {
    return socket.writeQueueFull();
  }

  Future<Void> writeMessage(int userId, Buffer line) {
    Pending pending = new Pending(userId, line);
    unwritten.addLast(pending);
    // Writes complete in order, so this is almost always the first element.
    return socket.write(line).onSuccess(v -> unwritten.removeFirstOccurrence(pending));
  }

  /** The message events never written; the list is emptied. */
  List<Pending> takeUnwritten() {
    List<Pending> left = new ArrayList<>(unwritten);
    unwritten.clear();
    return left;
  }
}
