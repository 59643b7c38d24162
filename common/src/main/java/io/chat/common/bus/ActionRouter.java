package io.chat.common.bus;

import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.common.protocol.Errors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer side of a service address: dispatches on the {@code action} header, replies
 * with the handler's result, or fails with the protocol error the failure maps to.
 */
public final class ActionRouter {

  /** Every address answers this action with an empty reply: a liveness probe for /ready. */
  public static final String PING = "ping";

  private static final Logger LOG = LoggerFactory.getLogger(ActionRouter.class);
  private static final DeliveryOptions REPLY = BusMessageCodec.options();

  private final String address;
  private final Function<Throwable, ChatException> classifier;
  private final Counter storeErrors;
  /** By action: the handler, taking the body as it came (a record, or JSON from another node). */
  private final Map<String, Function<Object, Future<?>>> handlers = new HashMap<>();
  /** Whether the last request found its stores unreachable: only changes are logged. */
  private boolean storesDown;

  /**
   * @param classifier turns a failure that is not already a {@link ChatException} into one
   *     (a store that cannot be reached is {@code unavailable}); it may return null for
   *     failures it does not know, which are logged and answered with {@code internal}
   * @param metrics where requests that found a store unreachable are counted
   *     ({@code chat_store_errors_total})
   */
  public ActionRouter(String address, Function<Throwable, ChatException> classifier, MeterRegistry metrics) {
    this.address = address;
    this.classifier = classifier;
    this.storeErrors = Counter.builder("chat.store.errors")
        .description("Requests that found a store (MySQL, Redis) unreachable, by service")
        .tag("service", address)
        .register(metrics);
    handlers.put(PING, body -> Future.succeededFuture(Empty.INSTANCE));
  }

  /** A typed action: the handler takes the request record and answers with the reply record. */
  @SuppressWarnings("unchecked")
  public <Q extends BusMessage, R extends BusMessage> ActionRouter on(BusAction<Q, R> action,
      Function<Q, Future<R>> handler) {
    handlers.put(action.name(), body -> handler.apply(body instanceof JsonObject json
        ? action.readRequest().apply(json) : (Q) body));
    return this;
  }

  /** An action whose request and reply are plain JSON. */
  public ActionRouter on(String action, Function<JsonObject, Future<JsonObject>> handler) {
    handlers.put(action, body -> handler.apply(body instanceof BusMessage message ? message.toJson() : (JsonObject) body));
    return this;
  }

  public void handle(Message<Object> message) {
    String action = message.headers().get(Addresses.ACTION_HEADER);
    Function<Object, Future<?>> handler = handlers.get(action);
    if (handler == null) {
      message.fail(ErrorCode.BAD_REQUEST.number(), "unknown action " + action + " at " + address);
      return;
    }
    Future<?> result;
    try {
      result = handler.apply(message.body());
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(reply -> {
      if (reply.succeeded()) {
        if (storesDown && !PING.equals(action)) {
          storesDown = false;
          LOG.info("{}: stores reachable again", address);
        }
        Object body = reply.result();
        if (body instanceof BusMessage) {
          message.reply(body, REPLY);
        } else {
          message.reply(body);
        }
      } else {
        ChatException failure = classify(action, reply.cause());
        message.fail(failure.code().number(), BusFailure.message(failure));
      }
    });
  }

  private ChatException classify(String action, Throwable cause) {
    if (cause instanceof ChatException chat) {
      return chat;
    }
    ChatException known = classifier.apply(cause);
    if (known != null) {
      if (known.code() == ErrorCode.UNAVAILABLE) {
        storeErrors.increment();
        if (!storesDown) {
          storesDown = true;
          LOG.warn("{}: a store is unreachable, answering unavailable: {}", address, cause.toString());
        }
      }
      return known;
    }
    LOG.error("{} {} failed", address, action, cause);
    return Errors.internal();
  }
}
