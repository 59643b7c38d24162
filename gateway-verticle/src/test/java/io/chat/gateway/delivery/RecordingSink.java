package io.chat.gateway.delivery;

import io.chat.gateway.session.EventSink;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's connection as the tests see it: every frame written to it, in order, on a
 * context of its own (an event loop, as a connection's). Writes complete at once, or, while
 * {@link #hold() held}, only when {@link #release() released}: a socket that has not taken them
 * yet.
 */
final class RecordingSink implements EventSink {

  private final Context context;
  private final List<JsonObject> frames = new ArrayList<>();
  private final List<Promise<Void>> held = new ArrayList<>();
  private boolean holding;

  RecordingSink(Context context) {
    this.context = context;
  }

  @Override
  public synchronized Future<Void> write(Buffer frame) {
    frames.add(new JsonObject(frame.toString().trim()));
    if (!holding) {
      return Future.succeededFuture();
    }
    Promise<Void> written = Promise.promise();
    held.add(written);
    return written.future();
  }

  @Override
  public Future<Void> writePaced(Buffer frame) {
    return write(frame);
  }

  @Override
  public Context context() {
    return context;
  }

  /** Writes from now on complete only when released. */
  synchronized void hold() {
    holding = true;
  }

  /** Completes the writes held (call on the sink's context, as the socket would), and holds no more. */
  void release() {
    List<Promise<Void>> written;
    synchronized (this) {
      holding = false;
      written = List.copyOf(held);
      held.clear();
    }
    written.forEach(Promise::complete);
  }

  /** Every frame written so far. */
  synchronized List<JsonObject> frames() {
    return List.copyOf(frames);
  }

  /** The message events written so far. */
  List<JsonObject> messages() {
    return frames().stream().filter(frame -> "message".equals(frame.getString("event"))).toList();
  }

  /** The texts of the message events written so far, in order. */
  List<String> texts() {
    return messages().stream().map(message -> message.getString("text")).toList();
  }
}
