package io.chat.cli.connection;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * One connection to a chat node, speaking JSON objects: lines over TCP, or text messages over
 * WebSocket ({@link Wire}). The server answers every request exactly once and in order, so
 * replies are matched to requests first in, first out; events (objects with {@code event}) go
 * to the event handler. Everything runs on the connection's context; {@link #request} may be
 * called from any thread.
 */
public final class ChatConnection {

  private static final int BUSY_ATTEMPTS = 100;

  /** Held for the connection's life: Vert.x closes a client, and its sockets, once it is unreachable. */
  private final Dialer dialer;
  private final Context context;
  private final Wire wire;
  private final JsonObject hello;
  private final Deque<Pending> pending = new ArrayDeque<>();
  private final Promise<String> closed = Promise.promise();
  private Handler<JsonObject> eventHandler = event -> { };
  private String byeReason;

  private ChatConnection(Dialer dialer, Context context, Wire wire, JsonObject hello) {
    this.dialer = dialer;
    this.context = context;
    this.wire = wire;
    this.hello = hello;
  }

  /** See {@link Dialer#connect}. */
  static Future<ChatConnection> connect(Vertx vertx, Dialer dialer, Endpoint endpoint) {
    Context context = Vertx.currentContext() != null ? Vertx.currentContext() : vertx.getOrCreateContext();
    Promise<ChatConnection> ready = Promise.promise();
    context.runOnContext(v -> new Greeting(dialer, ready).open(endpoint));
    return ready.future();
  }

  /** A connection until the server's {@code hello}: then the {@link ChatConnection} takes its frames. */
  private static final class Greeting {
    /** How long a connection may be open without a hello (a TLS port reached without TLS says nothing). */
    private static final long HELLO_MILLIS = Dialer.STEP_MILLIS;
    private final Dialer dialer;
    private final Promise<ChatConnection> ready;
    private Wire wire;
    private ChatConnection connection;
    private Endpoint endpoint;
    private long helloTimer = -1;

    Greeting(Dialer dialer, Promise<ChatConnection> ready) {
      this.dialer = dialer;
      this.ready = ready;
    }

    void open(Endpoint endpoint) {
      this.endpoint = endpoint;
      dialer.open(endpoint, this::frame, this::ended).onComplete(opened -> {
        if (opened.failed()) {
          ready.tryFail(ConnectFailures.opening(endpoint, opened.cause()));
        } else {
          wire = opened.result();
          helloTimer = Vertx.currentContext().owner().setTimer(HELLO_MILLIS, t -> {
            if (connection == null && ready.tryFail(ConnectFailures.noHello(endpoint, HELLO_MILLIS))) {
              wire.close();
            }
          });
        }
      });
    }

    private void frame(JsonObject json) {
      if (connection != null) {
        connection.received(json);
      } else if (json != null && "hello".equals(json.getString("event"))) {
        Vertx.currentContext().owner().cancelTimer(helloTimer);
        connection = new ChatConnection(dialer, Vertx.currentContext(), wire, json);
        ready.complete(connection);
      } else {
        wire.close();
        ready.tryFail("the server did not say hello: " + (json == null ? "a frame that is not JSON" : json.encode()));
      }
    }

    private void ended(Void v) {
      if (connection != null) {
        connection.ended();
      } else {
        ready.tryFail(ConnectFailures.closedBeforeHello(endpoint));
      }
    }
  }

  /** The server's {@code hello} event. */
  public JsonObject hello() {
    return hello;
  }

  /** Receives every event; called on this connection's context. */
  public ChatConnection eventHandler(Handler<JsonObject> handler) {
    this.eventHandler = handler;
    return this;
  }

  /** Completes with the reason of the server's {@code bye} (or null) once the connection closed. */
  public Future<String> closed() {
    return closed.future();
  }

  /**
   * Sends a request and completes with its reply, whether {@code ok} or an error: only a lost
   * connection, or no reply within the timeout (0 for none), fails it.
   */
  public Future<JsonObject> request(JsonObject request, long timeoutMillis) {
    return requestLine(request.encode(), timeoutMillis);
  }

  /**
   * {@link #request}, sent again after the reply's {@code retry_ms} for as long as the server
   * answers {@code busy} (a node at its password-hashing capacity asks to come back later), at
   * most {@value #BUSY_ATTEMPTS} times: the first reply that is not busy, or the last busy one.
   * Each wait is told to {@code onBusy} first, for a client that shows it.
   */
  public Future<JsonObject> requestUntilNotBusy(JsonObject request, long timeoutMillis, LongConsumer onBusy) {
    return requestUntilNotBusy(request, timeoutMillis, onBusy, 1);
  }

  private Future<JsonObject> requestUntilNotBusy(JsonObject request, long timeoutMillis, LongConsumer onBusy,
      int attempt) {
    return request(request, timeoutMillis).compose(reply -> {
      if (!"busy".equals(reply.getString("error")) || attempt >= BUSY_ATTEMPTS) {
        return Future.succeededFuture(reply);
      }
      long retry = Math.max(1, reply.getLong("retry_ms", 1_000L));
      onBusy.accept(retry);
      return context.owner().timer(retry).compose(t -> requestUntilNotBusy(request, timeoutMillis, onBusy, attempt + 1));
    });
  }

  /** Sends a line the caller made (it must be one JSON object), answered like a request. */
  public Future<JsonObject> requestLine(String json, long timeoutMillis) {
    Promise<JsonObject> reply = Promise.promise();
    context.runOnContext(v -> write(json, reply, timeoutMillis));
    return reply.future();
  }

  /** {@link #request} for callers already on this connection's context: no hop, no timer. */
  public Future<JsonObject> requestHere(JsonObject request) {
    Promise<JsonObject> reply = Promise.promise();
    write(request.encode(), reply, 0);
    return reply.future();
  }

  private void write(String line, Promise<JsonObject> reply, long timeoutMillis) {
    if (closed.future().isComplete()) {
      reply.fail(new ConnectionLostException(byeReason));
      return;
    }
    Pending entry = new Pending(reply);
    if (timeoutMillis > 0) {
      entry.timer = context.owner().setTimer(timeoutMillis, t -> reply.tryFail(
          new TimeoutException("no reply from the server within " + timeoutMillis + " ms")));
    }
    pending.add(entry);
    wire.send(line);
  }

  private void received(JsonObject json) {
    if (json == null) {
      return;
    }
    if (json.containsKey("event")) {
      if ("bye".equals(json.getString("event"))) {
        byeReason = json.getString("reason");
      }
      eventHandler.handle(json);
      return;
    }
    Pending entry = pending.poll();
    if (entry != null) {
      entry.complete(json);
    }
  }

  private void ended() {
    Pending entry;
    while ((entry = pending.poll()) != null) {
      entry.reply.tryFail(new ConnectionLostException(byeReason));
    }
    closed.tryComplete(byeReason);
  }

  /** Closes the connection; completes when it is closed. */
  public Future<String> close() {
    wire.close();
    return closed.future();
  }

  /** A request waiting for its reply. */
  private final class Pending {
    private final Promise<JsonObject> reply;
    private long timer = -1;

    Pending(Promise<JsonObject> reply) {
      this.reply = reply;
    }

    void complete(JsonObject json) {
      if (timer >= 0) {
        context.owner().cancelTimer(timer);
      }
      reply.tryComplete(json);
    }
  }
}
