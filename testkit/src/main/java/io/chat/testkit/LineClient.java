package io.chat.testkit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A newline-delimited JSON client for tests, as a real client would see the server: replies
 * (objects with {@code op} or {@code ok}) come in a queue of their own, events in another, and
 * every wait fails after a timeout instead of hanging the test.
 */
public final class LineClient {

  private static final long WAIT_MILLIS = 10_000;

  private final Vertx vertx;
  private final NetSocket socket;
  private final Deque<JsonObject> replies = new ArrayDeque<>();
  private final List<JsonObject> events = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final Promise<Void> closed = Promise.promise();
  private JsonObject hello;

  private LineClient(Vertx vertx, NetSocket socket) {
    this.vertx = vertx;
    this.socket = socket;
  }

  /** Connects and waits for the {@code hello} event. */
  public static Future<LineClient> connect(Vertx vertx, String host, int port) {
    return vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true))
        .connect(port, host)
        .compose(socket -> {
          LineClient client = new LineClient(vertx, socket);
          client.start();
          return client.nextEvent("hello").map(hello -> {
            client.hello = hello;
            return client;
          });
        });
  }

  public static Future<LineClient> connect(Vertx vertx, int port) {
    return connect(vertx, "127.0.0.1", port);
  }

  private void start() {
    RecordParser parser = RecordParser.newDelimited("\n", this::onLine).maxRecordSize(64 << 20);
    socket.handler(parser);
    socket.closeHandler(v -> {
      closed.tryComplete();
      failWaiters();
    });
  }

  private void onLine(Buffer line) {
    JsonObject json;
    try {
      json = new JsonObject(line);
    } catch (DecodeException e) {
      json = new JsonObject().put("unparsable", line.toString());
    }
    if (json.containsKey("event")) {
      events.add(json);
    } else {
      replies.add(json);
    }
    serveWaiters();
  }

  /** The hello event this connection got. */
  public JsonObject hello() {
    return hello;
  }

  /** Writes one request as a line. */
  public Future<Void> send(JsonObject request) {
    return socket.write(request.encode() + "\n");
  }

  /** Writes raw bytes (for framing tests). */
  public Future<Void> sendRaw(Buffer bytes) {
    return socket.write(bytes);
  }

  public Future<Void> sendRaw(String text) {
    return socket.write(text);
  }

  /** Sends a request and waits for the next reply. */
  public Future<JsonObject> request(JsonObject request) {
    return send(request).compose(v -> nextReply());
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
    return await(new Waiter(null));
  }

  /** The first event of this type not yet taken. */
  public Future<JsonObject> nextEvent(String type) {
    return nextEvent(event -> type.equals(event.getString("event")));
  }

  public Future<JsonObject> nextEvent(Predicate<JsonObject> match) {
    return await(new Waiter(match));
  }

  /** Events received and not yet taken by {@link #nextEvent}. */
  public List<JsonObject> pendingEvents() {
    return List.copyOf(events);
  }

  /** Replies received and not yet taken by {@link #nextReply}. */
  public List<JsonObject> pendingReplies() {
    return List.copyOf(replies);
  }

  /** Completes when the server closes the connection. */
  public Future<Void> closed() {
    return closed.future();
  }

  public boolean isClosed() {
    return closed.future().isComplete();
  }

  public Future<Void> close() {
    return socket.close();
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

  private void serveWaiters() {
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      JsonObject found = waiter.take();
      if (found != null) {
        it.remove();
        waiter.promise.complete(found);
      }
    }
  }

  private void failWaiters() {
    serveWaiters();
    for (Waiter waiter : waiters) {
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
