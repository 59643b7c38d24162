package io.chat.testkit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A JSON client for tests, as a real client would see the server: a plain socket (not Vert.x),
 * speaking newline-delimited JSON over TCP, or JSON text messages over WebSocket
 * ({@link WebSocketCodec}), whose frames are handed to one Vert.x context. Replies (objects with
 * {@code op} or {@code ok}) come in a queue of their own, events in another, and every wait
 * fails after a timeout instead of hanging the test. The API is the same for both transports;
 * what a test writes raw is lines on TCP and one text message per line on WebSocket.
 *
 * <p>Over 300 lines because the waiting API the tests use (replies, events, their timeouts)
 * stays in one place; the socket and its framing are {@link ClientWire}'s.
 */
public final class LineClient {

  private static final long WAIT_MILLIS = 10_000;

  private final Vertx vertx;
  private final Context context;
  private final ClientWire wire;
  private final ClientTransport transport;
  private final ExecutorService writer;
  private final Deque<JsonObject> replies = new ArrayDeque<>();
  private final List<JsonObject> events = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final Promise<Void> closed = Promise.promise();
  private JsonObject hello;

  private LineClient(Vertx vertx, Context context, ClientWire wire, ClientTransport transport) {
    this.vertx = vertx;
    this.context = context;
    this.wire = wire;
    this.transport = transport;
    this.writer = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "line-client-writer");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Connects and waits for the {@code hello} event. */
  public static Future<LineClient> connect(Vertx vertx, String host, int port) {
    return connect(vertx, host, port, null);
  }

  /**
   * Connects from the given local address (null: any) and waits for the {@code hello} event;
   * a connection the server refuses fails with the event it said {@code bye} with.
   */
  public static Future<LineClient> connect(Vertx vertx, String host, int port, String from) {
    return connect(vertx, ClientEndpoint.tcp(host, port).from(from));
  }

  /** Connects over this transport to 127.0.0.1 and this port (the node's TCP or WebSocket port). */
  public static Future<LineClient> connect(Vertx vertx, ClientTransport transport, int port) {
    return connect(vertx, ClientEndpoint.of(transport, "127.0.0.1", port));
  }

  /**
   * Connects as the endpoint says and waits for the {@code hello} event; a connection the
   * server refuses fails with the event it said {@code bye} with, a WebSocket handshake it
   * refuses with {@link WebSocketCodec.RefusedHandshake}.
   */
  public static Future<LineClient> connect(Vertx vertx, ClientEndpoint endpoint) {
    Context context = vertx.getOrCreateContext();
    return context.<ClientWire>executeBlocking(() -> ClientWire.open(endpoint), false).compose(wire -> {
      LineClient client = new LineClient(vertx, context, wire, endpoint.transport());
      client.startReading();
      return client.nextEvent(event -> "hello".equals(event.getString("event")) || "bye".equals(event.getString("event")))
          .compose(first -> {
            if ("bye".equals(first.getString("event"))) {
              return Future.failedFuture("refused: " + first.encode());
            }
            client.hello = first;
            return Future.succeededFuture(client);
          });
    });
  }

  public static Future<LineClient> connect(Vertx vertx, int port) {
    return connect(vertx, "127.0.0.1", port);
  }

  private void startReading() {
    Thread reader = new Thread(() -> {
      try {
        wire.read(frame -> context.runOnContext(v -> onLine(frame)));
      } catch (IOException e) {
        // the connection is gone
      }
      context.runOnContext(v -> {
        closed.tryComplete();
        failWaiters();
      });
    }, "line-client-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void onLine(String line) {
    JsonObject json;
    try {
      json = new JsonObject(line);
    } catch (DecodeException e) {
      json = new JsonObject().put("unparsable", line);
    }
    if (json.containsKey("event")) {
      events.add(json);
    } else {
      replies.add(json);
    }
    serveWaiters();
  }

  public ClientTransport transport() {
    return transport;
  }

  /** The hello event this connection got. */
  public JsonObject hello() {
    return hello;
  }

  /** Writes one request as a line (TCP) or one text message (WebSocket). */
  public Future<Void> send(JsonObject request) {
    String json = request.encode();
    return write(() -> wire.request(json));
  }

  /**
   * Writes raw bytes (for framing tests) on TCP; on WebSocket, each line of them as one text
   * message of its bytes, without its {@code \n} (bytes after the last line end make one more),
   * and no message for an empty line, which TCP skips too.
   */
  public Future<Void> sendRaw(Buffer bytes) {
    byte[] data = bytes.getBytes();
    return write(() -> wire.raw(data));
  }

  public Future<Void> sendRaw(String text) {
    return sendRaw(Buffer.buffer(text));
  }

  /** WebSocket only: one text message, exactly this text. */
  public Future<Void> sendText(String message) {
    return sendTextInFrames(message);
  }

  /** WebSocket only: one text message whose parts go in frames of their own (a fragmented message). */
  public Future<Void> sendTextInFrames(String... parts) {
    int[] opcodes = new int[parts.length];
    byte[][] payloads = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      opcodes[i] = i == 0 ? WebSocketCodec.TEXT : WebSocketCodec.CONTINUATION;
      payloads[i] = parts[i].getBytes(StandardCharsets.UTF_8);
    }
    return write(() -> wire.frames(opcodes, payloads));
  }

  /** WebSocket only: one binary message. */
  public Future<Void> sendBinary(byte[] message) {
    return write(() -> wire.frames(new int[] {WebSocketCodec.BINARY}, new byte[][] {message}));
  }

  private interface Output {
    void write() throws IOException;
  }

  /** Writes on the client's one writer thread, so that writes keep their order. */
  private Future<Void> write(Output output) {
    CompletableFuture<Void> written;
    try {
      written = CompletableFuture.runAsync(() -> {
        try {
          output.write();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, writer);
    } catch (RejectedExecutionException closedByTheTest) {
      return Future.failedFuture(closedByTheTest);
    }
    return Future.fromCompletionStage(written, context);
  }

  /**
   * Sends a request and waits for its reply. The reply is claimed when the request is written
   * (not when the write completes), so concurrent requests get their replies in request order.
   */
  public Future<JsonObject> request(JsonObject request) {
    return onContext(() -> {
      Future<JsonObject> reply = nextReply();
      return send(request).compose(v -> reply);
    });
  }

  /** Shortcut: {@code request(new JsonObject().put("op", op).put(k, v)...)}. */
  public Future<JsonObject> request(String op, Object... fields) {
    JsonObject request = new JsonObject().put("op", op);
    for (int i = 0; i + 1 < fields.length; i += 2) {
      request.put((String) fields[i], fields[i + 1]);
    }
    return request(request);
  }

  /** The next reply, in arrival order. */
  public Future<JsonObject> nextReply() {
    return onContext(() -> await(new Waiter(null)));
  }

  /** The first event of this type not yet taken. */
  public Future<JsonObject> nextEvent(String type) {
    return nextEvent(event -> type.equals(event.getString("event")));
  }

  public Future<JsonObject> nextEvent(Predicate<JsonObject> match) {
    return onContext(() -> await(new Waiter(match)));
  }

  /**
   * Runs on the client's context: its queues are confined there, while tests may call from any
   * thread (a Vert.x test's context, or the thread of a blocking multi-process test).
   */
  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    if (Vertx.currentContext() == context) {
      return action.get();
    }
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(result));
    return result.future();
  }

  /** Takes every event of this type received and not yet taken, in arrival order. */
  public List<JsonObject> takeEvents(String type) {
    return await(onContext(() -> {
      List<JsonObject> taken = new ArrayList<>();
      for (Iterator<JsonObject> it = events.iterator(); it.hasNext(); ) {
        JsonObject event = it.next();
        if (type.equals(event.getString("event"))) {
          taken.add(event);
          it.remove();
        }
      }
      return Future.succeededFuture(taken);
    }));
  }

  /** Events received and not yet taken by {@link #nextEvent}. */
  public List<JsonObject> pendingEvents() {
    return await(onContext(() -> Future.succeededFuture(List.copyOf(events))));
  }

  /** Replies received and not yet taken by {@link #nextReply}. */
  public List<JsonObject> pendingReplies() {
    return await(onContext(() -> Future.succeededFuture(List.copyOf(replies))));
  }

  private <T> T await(Future<T> future) {
    if (Vertx.currentContext() == context) {
      return future.result();
    }
    try {
      return future.toCompletionStage().toCompletableFuture().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Completes when the server closes the connection. */
  public Future<Void> closed() {
    return closed.future();
  }

  public boolean isClosed() {
    return closed.future().isComplete();
  }

  public Future<Void> close() {
    return context.executeBlocking(() -> {
      wire.close();
      writer.shutdown();
      return null;
    }, false);
  }

  private Future<JsonObject> await(Waiter waiter) {
    waiters.add(waiter);
    serveWaiters();
    if (!waiter.promise.future().isComplete()) {
      if (closed.future().isComplete()) {
        failWaiters();
      } else {
        long timer = vertx.setTimer(WAIT_MILLIS, t -> {
          if (waiters.remove(waiter)) {
            waiter.promise.tryFail("no " + (waiter.eventMatch == null ? "reply" : "matching event")
                + " within " + WAIT_MILLIS + " ms; events seen: " + events + ", replies: " + replies);
          }
        });
        waiter.promise.future().onComplete(done -> vertx.cancelTimer(timer));
      }
    }
    return waiter.promise.future();
  }

  /** Hands out what arrived; completing a waiter may add new waiters, so loop until none is served. */
  private void serveWaiters() {
    boolean served = true;
    while (served) {
      served = false;
      for (Waiter waiter : List.copyOf(waiters)) {
        JsonObject found = waiter.take();
        if (found != null) {
          waiters.remove(waiter);
          waiter.promise.complete(found);
          served = true;
          break;
        }
      }
    }
  }

  private void failWaiters() {
    serveWaiters();
    for (Waiter waiter : List.copyOf(waiters)) {
      waiter.promise.tryFail("connection closed; events seen: " + events + ", replies: " + replies);
    }
    waiters.clear();
  }

  private final class Waiter {
    final Predicate<JsonObject> eventMatch;
    final Promise<JsonObject> promise = Promise.promise();

    Waiter(Predicate<JsonObject> eventMatch) {
      this.eventMatch = eventMatch;
    }

    JsonObject take() {
      if (eventMatch == null) {
        return replies.poll();
      }
      for (Iterator<JsonObject> it = events.iterator(); it.hasNext(); ) {
        JsonObject event = it.next();
        if (eventMatch.test(event)) {
          it.remove();
          return event;
        }
      }
      return null;
    }
  }
}
