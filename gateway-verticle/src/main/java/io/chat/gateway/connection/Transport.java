package io.chat.gateway.connection;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * What a connection needs of the socket under it, whatever carries it (TCP, or WebSocket):
 * frames out, back-pressure both ways, and the two ways to end. The connection's code path is the
 * same for every transport; only the framing differs, and that lives in the transport.
 */
public interface Transport {

  /** Receives what the transport reads and notices, on the connection's context. */
  interface Listener {
    /** A complete frame (a line, a text message), without its line end. */
    void frame(byte[] frame);

    /** A frame over the frame limit; nothing more is read after it. */
    void oversized();

    /** A frame that is no text (a binary WebSocket message): answered as bad JSON. */
    void notText();

    /** The client will send nothing more, but may still read (a half-closed TCP socket). */
    void inputEnded();

    /** The server is shutting down this transport: answer what was read, then say bye. */
    void shuttingDown();

    /** The transport is closed, for whatever reason. */
    void closed();
  }

  /** Starts reading, with frames and notices going to the listener. */
  void start(Listener listener);

  /** Writes one frame (a protocol line with its {@code \n}); completes once written to the socket. */
  Future<Void> write(Buffer frame);

  /** Writes one frame nobody waits for (a reply, hello, bye): no future is made for it. */
  void send(Buffer frame);

  /** True when more than the outbound limit waits to be written: the client is not reading. */
  boolean writeQueueFull();

  void pause();

  void resume();

  /** Closes once what is queued is written. */
  void close();

  /** Closes now, dropping what is queued (a client that does not read even its bye). */
  void cutOff();

  /** The client's address, for the per-address limits and the logs. */
  String remoteAddress();
}
