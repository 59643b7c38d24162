package io.chat.gateway.session;

import io.vertx.core.Future;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The message events a connection is writing. Each is remembered from the moment it is queued
 * until the socket took it (the write completed), so when the connection closes, those it never
 * wrote can be stored for their user instead of being lost with the connection's buffers.
 */
final class Outbound {

  private final NetSocket socket;
  private final ArrayDeque<UserCopies> unwritten = new ArrayDeque<>();

  Outbound(NetSocket socket, int limitBytes) {
    this.socket = socket;
    socket.setWriteQueueMaxSize(limitBytes);
  }

  /** True when more than the outbound limit waits to be written: the client is not reading. */
  boolean full() {
    return socket.writeQueueFull();
  }

  Future<Void> writeMessage(UserCopies message) {
    unwritten.addLast(message);
    // Writes complete in order, so this is almost always the first element.
    return socket.write(message.line()).onSuccess(v -> unwritten.removeFirstOccurrence(message));
  }

  /** The message events never written; the list is emptied. */
  List<UserCopies> takeUnwritten() {
    List<UserCopies> left = new ArrayList<>(unwritten);
    unwritten.clear();
    return left;
  }
}
