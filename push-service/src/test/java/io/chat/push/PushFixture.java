package io.chat.push;

import io.chat.common.bus.Actions;
import io.chat.common.bus.BusAction;
import io.chat.common.bus.ServiceClient;
import io.chat.common.bus.push.Device;
import io.chat.common.bus.push.DeviceRequest;
import io.chat.common.bus.push.Provider;
import io.chat.common.bus.push.StoredMessage;
import io.chat.common.bus.social.OfUser;
import io.chat.common.config.ChatConfig;
import io.chat.common.config.ConfigKeys;
import io.chat.common.model.Caller;
import io.chat.common.model.ChatMessage;
import io.chat.common.model.ConvId;
import io.chat.common.model.GroupRef;
import io.chat.common.model.UserRef;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.testkit.TestStores;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One push service under test: its configuration (this run's stores and the test's settings),
 * a meter registry of its own, users made straight in MySQL, and requests as a gateway and the
 * message service send them.
 */
final class PushFixture {

  private static final long WAIT_MILLIS = 10_000;
  private static final AtomicLong SEQ = new AtomicLong();

  private final Vertx vertx;
  private final ChatConfig config;
  private final SqlClient sql;
  private final ServiceClient client;
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

  /** @param overrides configuration keys and values, in pairs */
  PushFixture(Vertx vertx, TestStores stores, Object... overrides) {
    this.vertx = vertx;
    List<Object> settings = new ArrayList<>(List.of(ConfigKeys.NODE, "push-" + UUID.randomUUID().toString()
        .substring(0, 8)));
    settings.addAll(Arrays.asList(overrides));
    this.config = stores.config(settings.toArray());
    this.sql = stores.sql(vertx);
    this.client = new ServiceClient(vertx.eventBus(), 5000);
    BackendRegistries.setupBackend(new MicrometerMetricsOptions().setEnabled(true)
        .setRegistryName(config.nodeId()), metrics);
  }

  ChatConfig config() {
    return config;
  }

  Future<String> deploy() {
    return vertx.deployVerticle(new PushVerticle(config));
  }

  void close() {
    BackendRegistries.stop(config.nodeId());
  }

  /** A user row (the password is irrelevant here). */
  Future<UserRef> user() {
    String name = "u" + UUID.randomUUID().toString().substring(0, 8);
    return sql.preparedQuery("INSERT INTO user (name, password) VALUES (?, 'x')").execute(Tuple.of(name))
        .map(rows -> new UserRef(rows.property(MySQLClient.LAST_INSERTED_ID).intValue(), name));
  }

  Future<List<UserRef>> users(int count) {
    Future<List<UserRef>> all = Future.succeededFuture(new ArrayList<>());
    for (int i = 0; i < count; i++) {
      all = all.compose(list -> user().map(user -> {
        list.add(user);
        return list;
      }));
    }
    return all;
  }

  Future<Void> register(UserRef user, Provider provider, String token) {
    return client.request(Actions.Push.REGISTER, new DeviceRequest(caller(user), new Device(provider, token)))
        .mapEmpty();
  }

  Future<Void> unregister(UserRef user, Provider provider, String token) {
    return client.request(Actions.Push.UNREGISTER, new DeviceRequest(caller(user), new Device(provider, token)))
        .mapEmpty();
  }

  Future<List<Device>> devices(UserRef user) {
    return client.request(Actions.Push.DEVICES, new OfUser(user.id())).map(list -> list.devices());
  }

  /** A request with a JSON body, as a gateway on another node sends it. */
  Future<JsonObject> raw(UserRef user, BusAction<?, ?> action, JsonObject fields) {
    return client.request(action.address(), action.name(), caller(user).into(fields.copy()));
  }

  /** The message service's one-way notice: the message waits in the log for these users. */
  void stored(ChatMessage message, UserRef... users) {
    client.send(Actions.Push.STORED, new StoredMessage(message, Arrays.stream(users).map(UserRef::id).toList()));
  }

  /** A direct message, as the log holds it. */
  static ChatMessage direct(UserRef from, UserRef to, String text) {
    long seq = SEQ.incrementAndGet();
    return new ChatMessage(ConvId.direct(from.id(), to.id()), seq, "m-" + seq, from, to.id(), null, text,
        1_700_000_000_000L + seq);
  }

  static ChatMessage inGroup(UserRef from, GroupRef group, String text) {
    long seq = SEQ.incrementAndGet();
    return new ChatMessage(ConvId.group(group.id()), seq, "m-" + seq, from, null, group, text,
        1_700_000_000_000L + seq);
  }

  /** {@code chat_push_total{provider, result}}. */
  double pushes(Provider provider, String result) {
    Counter counter = metrics.find("chat.push").tag("provider", provider.wireName()).tag("result", result).counter();
    return counter == null ? 0 : counter.count();
  }

  /** {@code chat_push_queue_length{provider}}; -1 when there is no such gauge. */
  double queueLength(Provider provider) {
    Gauge gauge = metrics.find("chat.push.queue.length").tag("provider", provider.wireName()).gauge();
    return gauge == null ? -1 : gauge.value();
  }

  /** Completes once the check holds; fails after 10 s. */
  Future<Void> eventually(Supplier<Future<Boolean>> check) {
    return eventually(check, System.currentTimeMillis() + WAIT_MILLIS);
  }

  private Future<Void> eventually(Supplier<Future<Boolean>> check, long deadline) {
    return check.get().compose(holds -> {
      if (holds) {
        return Future.succeededFuture();
      }
      if (System.currentTimeMillis() > deadline) {
        return Future.failedFuture("the condition did not come true within " + WAIT_MILLIS + " ms");
      }
      return vertx.timer(20).compose(tick -> eventually(check, deadline));
    });
  }

  /** The protocol error a request ended with (fails if it succeeded). */
  static Future<ErrorCode> error(Future<?> request) {
    return request.transform(done -> done.succeeded()
        ? Future.failedFuture("expected an error, got " + done.result())
        : Future.succeededFuture(((ChatException) done.cause()).code()));
  }

  private static Caller caller(UserRef user) {
    return new Caller(user.id(), user.name());
  }
}
