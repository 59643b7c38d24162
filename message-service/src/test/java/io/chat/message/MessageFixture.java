package io.chat.message;

import io.chat.common.bus.Actions;
import io.chat.common.bus.BusAction;
import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Empty;
import io.chat.common.bus.ServiceClient;
import io.chat.common.bus.message.GroupSendRequest;
import io.chat.common.bus.message.Opened;
import io.chat.common.bus.message.SendRequest;
import io.chat.common.bus.message.Sent;
import io.chat.common.bus.message.SessionOpen;
import io.chat.common.bus.message.SessionRef;
import io.chat.common.bus.social.GroupAction;
import io.chat.common.bus.social.GroupCreate;
import io.chat.common.bus.social.UserAction;
import io.chat.common.bus.social.UserIds;
import io.chat.common.model.Caller;
import io.chat.common.model.GroupRef;
import io.chat.common.model.Named;
import io.chat.common.model.UserRef;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.store.RedisStore;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the message service's tests do besides asking it: users made in MySQL, friendships and
 * groups made through the real social service, typed requests answered on the test's thread,
 * and reads of {@code user.state} and of the presence registry in Redis.
 */
final class MessageFixture {

  /** How long a test waits for something that happens by itself (a delivery, a reap). */
  static final long WAIT_MILLIS = 5_000;

  private static final AtomicInteger NAMES = new AtomicInteger();

  private final TestStores stores;
  private final ServiceClient client;
  private final SqlClient sql;
  private final Redis redis;

  MessageFixture(Vertx vertx, TestStores stores) {
    this.stores = stores;
    this.client = new ServiceClient(vertx.eventBus(), 5_000);
    this.sql = stores.sql(vertx);
    this.redis = RedisStore.client(vertx, stores.config());
  }

  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** The error a request was answered with; an answer that is no error fails the test. */
  static ErrorCode refusal(Future<?> request) throws Exception {
    return await(request.transform(done -> done.succeeded()
        ? Future.failedFuture(new AssertionError("expected an error, got " + done.result()))
        : Future.succeededFuture(((ChatException) done.cause()).code())));
  }

  /** A look at something that may not have happened yet. */
  interface Probe<T> {
    T look() throws Exception;
  }

  /** What the probe finds once it finds something (not null, not false); fails the test after WAIT_MILLIS. */
  static <T> T eventually(String what, Probe<T> found) throws Exception {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (true) {
      T value = found.look();
      if (value != null && !Boolean.FALSE.equals(value)) {
        return value;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("waited in vain for " + what);
      }
      Thread.sleep(20);
    }
  }

  static Caller caller(UserRef user) {
    return new Caller(user.id(), user.name());
  }

  ServiceClient client() {
    return client;
  }

  <Q extends BusMessage, R extends BusMessage> Future<R> request(BusAction<Q, R> action, Q body) {
    return client.request(action, body);
  }

  <Q extends BusMessage, R extends BusMessage> R ask(BusAction<Q, R> action, Q body) throws Exception {
    return await(client.request(action, body));
  }

  UserRef user() throws Exception {
    String name = "u" + NAMES.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    return await(sql.preparedQuery("INSERT INTO user (name, password) VALUES (?, 'x')").execute(Tuple.of(name))
        .map(rows -> new UserRef(rows.property(MySQLClient.LAST_INSERTED_ID).intValue(), name)));
  }

  void befriend(UserRef a, UserRef b) throws Exception {
    ask(Actions.Social.FRIEND_ADD, new UserAction(caller(a), Named.id(b.id())));
  }

  void unfriend(UserRef a, UserRef b) throws Exception {
    ask(Actions.Social.FRIEND_REMOVE, new UserAction(caller(a), Named.id(b.id())));
  }

  /** A group made by its creator, which the others join in their order. */
  GroupRef group(UserRef creator, UserRef... members) throws Exception {
    String name = "g" + NAMES.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    GroupRef group = ask(Actions.Social.GROUP_CREATE, new GroupCreate(caller(creator), name, "")).group().group();
    for (UserRef member : members) {
      join(group, member);
    }
    return group;
  }

  void join(GroupRef group, UserRef member) throws Exception {
    ask(Actions.Social.GROUP_JOIN, new GroupAction(caller(member), null, Named.id(group.id())));
  }

  void leave(GroupRef group, UserRef member) throws Exception {
    ask(Actions.Social.GROUP_LEAVE, new GroupAction(caller(member), null, Named.id(group.id())));
  }

  Future<Sent> sending(UserRef from, String session, Named to, String text, String cid) {
    return client.request(Actions.Message.SEND, new SendRequest(caller(from), session, to, text, cid));
  }

  Sent send(UserRef from, String session, UserRef to, String text) throws Exception {
    return await(sending(from, session, Named.id(to.id()), text, null));
  }

  Future<Sent> groupSending(UserRef from, String session, Named group, String text, String cid) {
    return client.request(Actions.Message.GROUP_SEND, new GroupSendRequest(caller(from), session, group, text, cid));
  }

  Sent groupSend(UserRef from, String session, GroupRef group, String text) throws Exception {
    return await(groupSending(from, session, Named.id(group.id()), text, null));
  }

  Opened open(UserRef user, String node, String session, List<Integer> friends) throws Exception {
    return await(opening(user, node, session, friends));
  }

  Future<Opened> opening(UserRef user, String node, String session, List<Integer> friends) {
    return client.request(Actions.Message.SESSION_OPEN, new SessionOpen(caller(user), node, session, friends));
  }

  void close(UserRef user, String node, String session) throws Exception {
    await(closing(user, node, session));
  }

  Future<Empty> closing(UserRef user, String node, String session) {
    return client.request(Actions.Message.SESSION_CLOSE, new SessionRef(caller(user), node, session));
  }

  /** Whether the message service counts the user online (its presence mirror). */
  boolean online(UserRef user) throws Exception {
    return !ask(Actions.Message.PRESENCE, new UserIds(List.of(user.id()))).ids().isEmpty();
  }

  /** {@code user.state} in MySQL. */
  String state(UserRef user) throws Exception {
    return await(sql.preparedQuery("SELECT state FROM user WHERE id = ?").execute(Tuple.of(user.id()))
        .map(rows -> rows.iterator().next().getString(0)));
  }

  /**
   * Registers a session of the user on a node straight in Redis, as another node's message
   * service does: this message service's presence mirror has not heard of it.
   */
  void registerUnheard(UserRef user, String node, String session) throws Exception {
    await(redis.send(Request.cmd(Command.HSET).arg(RedisStore.keys(stores.config()).key("presence", user.id()))
        .arg(session).arg(node)));
  }

  /** Removes a session registered by {@link #registerUnheard}, as that other node's message service does. */
  void unregisterUnheard(UserRef user, String session) throws Exception {
    await(redis.send(Request.cmd(Command.HDEL).arg(RedisStore.keys(stores.config()).key("presence", user.id()))
        .arg(session)));
  }

  /**
   * Keeps a node's heartbeat key alive for a while, as a heartbeat with a long TTL would: the
   * node's sessions stay until something other than an expiry removes them.
   */
  void keepAlive(String node, long millis) throws Exception {
    await(redis.send(Request.cmd(Command.SET).arg(RedisStore.keys(stores.config()).key("node", node)).arg("1")
        .arg("PX").arg(millis)));
  }

  /** The nodes the registry in Redis holds sessions of the user on. */
  List<String> nodesInRegistry(UserRef user) throws Exception {
    return await(redis.send(Request.cmd(Command.HVALS).arg(RedisStore.keys(stores.config()).key("presence", user.id())))
        .map(values -> {
          List<String> nodes = new ArrayList<>();
          values.forEach(value -> nodes.add(value.toString()));
          return nodes;
        }));
  }
}
