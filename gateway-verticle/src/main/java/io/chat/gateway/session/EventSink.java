package io.chat.gateway.session;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** Where a session's events go: its connection, whatever transport carries it. */
public interface EventSink {

  /**
   * Writes one event frame; completes once it is written to the socket, fails when the
   * connection is gone first (or its client stopped reading, which closes it).
   */
  Future<Void> write(Buffer frame);

  /**
   * Writes one frame of a stream its writer paces itself (the login replay sends a page, then
   * waits until it is written): the outbound limit, which is for what the client is sent
   * unasked, does not apply. Fails when the session is over.
   */
  Future<Void> writePaced(Buffer frame);

  /** The context the connection, and the session's state, live on. */
  Context context();
}
