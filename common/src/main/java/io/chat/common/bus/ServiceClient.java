package io.chat.common.bus;

import io.chat.common.config.ChatConfig;
import io.chat.common.config.Role;
import io.chat.common.metrics.ChatMetrics;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.common.protocol.Errors;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Requests to service addresses. Every request carries a send timeout, and every failure comes
 * back as a {@link ChatException}: a service's {@code fail(code, text)} as that protocol error,
 * a timeout or a missing consumer as {@code unavailable}.
 *
 * <p>In a cluster the event bus spreads requests over every node that serves an address. A
 * service this node runs itself is asked locally instead: no network hop, and the node's own
 * caches and presence mirror see its own users first.
 */
public final class ServiceClient {

  private final EventBus bus;
  private final long timeoutMillis;
  private final Set<Role> localRoles;
  private final MeterRegistry metrics;
  /** By address, then action or outcome: looked up per request without building a key. */
  private final ConcurrentMap<String, ConcurrentMap<String, DeliveryOptions>> options = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, ConcurrentMap<String, Timer>> timers = new ConcurrentHashMap<>();

  /**
   * A client that asks the services of these roles on this node, and any node for the rest, and
   * times each request ({@code chat_bus_request_seconds}, by address and outcome).
   */
  public ServiceClient(EventBus bus, long timeoutMillis, Set<Role> localRoles, MeterRegistry metrics) {
    this.bus = bus;
    this.timeoutMillis = timeoutMillis;
    this.localRoles = Set.copyOf(localRoles);
    this.metrics = metrics;
    BusMessageCodec.register(bus);
  }

  /** A client that asks any node and records nothing. */
  public ServiceClient(EventBus bus, long timeoutMillis) {
    this(bus, timeoutMillis, Set.of(), new CompositeMeterRegistry());
  }

  /** The client a verticle of this node uses. */
  public static ServiceClient of(EventBus bus, ChatConfig config) {
    return new ServiceClient(bus, config.requestTimeoutMillis(), config.roles(), ChatMetrics.registry(config));
  }

  /**
   * A typed request: the record goes as itself within the node, as its JSON to another node,
   * and the reply comes back as the action's reply record.
   */
  @SuppressWarnings("unchecked")
  public <Q extends BusMessage, R extends BusMessage> Future<R> request(BusAction<Q, R> action, Q body) {
    return request(action.address(), action.name(), body)
        .map(reply -> reply instanceof JsonObject json ? action.readReply().apply(json) : (R) reply);
  }

  /** A request with a JSON body as it goes over the wire (for tools and tests); the reply as JSON too. */
  public Future<JsonObject> request(String address, String action, JsonObject body) {
    return request(address, action, body, new DeliveryOptions(options(address, action)).setCodecName(null))
        .map(reply -> reply instanceof BusMessage message ? message.toJson() : (JsonObject) reply);
  }

  private Future<Object> request(String address, String action, Object body) {
    return request(address, action, body, options(address, action));
  }

  private Future<Object> request(String address, String action, Object body, DeliveryOptions deliveryOptions) {
    long started = System.nanoTime();
    return bus.request(address, body, deliveryOptions)
        .transform(done -> {
          if (done.succeeded()) {
            timer(address, "ok").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return Future.succeededFuture(done.result().body());
          }
          ChatException failure = asChatException(done.cause());
          timer(address, failure.code() == ErrorCode.UNAVAILABLE ? "unavailable" : "error")
              .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
          return Future.failedFuture(failure);
        });
  }

  private Timer timer(String address, String outcome) {
    return timers.computeIfAbsent(address, key -> new ConcurrentHashMap<>())
        .computeIfAbsent(outcome, key -> Timer.builder("chat.bus.request")
            .description("Event-bus requests to the services, by address and outcome")
            .tag("address", address)
            .tag("outcome", outcome)
            .register(metrics));
  }

  /** A typed one-way message, for notifications that need no answer. */
  public <Q extends BusMessage> void send(BusAction<Q, ?> action, Q body) {
    bus.send(action.address(), body, options(action.address(), action.name()));
  }

  private DeliveryOptions options(String address, String action) {
    // Options are read, never changed, by the event bus, so one per address and action is reused.
    return options.computeIfAbsent(address, key -> new ConcurrentHashMap<>())
        .computeIfAbsent(action, key -> BusMessageCodec.options()
            .addHeader(Addresses.ACTION_HEADER, action)
            .setSendTimeout(timeoutMillis)
            .setLocalOnly(Role.serves(localRoles, address)));
  }

  public static ChatException asChatException(Throwable failure) {
    if (failure instanceof ChatException chat) {
      return chat;
    }
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case RECIPIENT_FAILURE -> recipientFailure(reply);
        case TIMEOUT -> new ChatException(ErrorCode.UNAVAILABLE, "the service did not answer in time");
        case NO_HANDLERS, ERROR -> new ChatException(ErrorCode.UNAVAILABLE, "the service is not running");
      };
    }
    return Errors.internal();
  }

  private static ChatException recipientFailure(ReplyException reply) {
    ErrorCode code = ErrorCode.ofNumber(reply.failureCode());
    // Only our own codes carry a text meant for users.
    return code == ErrorCode.INTERNAL ? Errors.internal() : BusFailure.read(code, reply.getMessage());
  }
}
