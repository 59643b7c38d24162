package io.chat.message.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.bus.Addresses;
import io.chat.common.config.ChatConfig;
import io.chat.store.RedisStore;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two registries on one Redis, standing in for the message services of two nodes. */
@ExtendWith(VertxExtension.class)
@DisplayName("The presence registry")
class PresenceRegistryTest {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private static PresenceRegistry registry(Vertx vertx, Redis redis, ChatConfig config, String node) {
    return new PresenceRegistry(vertx, redis, RedisStore.keys(config), 30_000, "instance-" + node, node);
  }

  @Test
  @DisplayName("gives each change of a user a greater version than the one before, whichever node makes it")
  void versionsGrow(Vertx vertx, VertxTestContext test) {
    ChatConfig config = stores.config();
    Redis redis = RedisStore.client(vertx, config);
    PresenceRegistry nodeA = registry(vertx, redis, config, "a");
    PresenceRegistry nodeB = registry(vertx, redis, config, "b");
    List<StateChange> changes = new ArrayList<>();
    AtomicLong reapedVersion = new AtomicLong();
    nodeB.onReaped((users, version) -> {
      assertEquals(List.of(42), users);
      reapedVersion.set(version);
    });
    Promise<Void> done = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> nodeA.open(42, "s1", "a").onSuccess(changes::add)
        .compose(c -> nodeB.open(42, "s2", "b")).onSuccess(changes::add)
        .compose(c -> nodeA.close(42, "s1", "a")).onSuccess(changes::add)
        .compose(c -> nodeB.close(42, "s2", "b")).onSuccess(changes::add)
        .compose(c -> nodeA.open(42, "s3", "a")).onSuccess(changes::add)
        .compose(c -> nodeB.nodeLeft("a"))
        .onComplete(done));
    done.future()
        .compose(v -> redis.send(Request.cmd(Command.HLEN).arg(RedisStore.keys(config).key("presence", 42))))
        .onComplete(test.succeeding(sessionsLeft -> test.verify(() -> {
      assertEquals(List.of(true, false, false, true, true), changes.stream().map(StateChange::crossed).toList());
      StateChange online = changes.get(0);
      StateChange offline = changes.get(3);
      StateChange onlineAgain = changes.get(4);
      assertTrue(online.version() < offline.version(), changes.toString());
      assertTrue(offline.version() < onlineAgain.version(), changes.toString());
      assertTrue(onlineAgain.version() < reapedVersion.get(), changes + " then reaped at " + reapedVersion);
      assertEquals(0, sessionsLeft.toInteger(), "the reaped node's session is gone from the registry");
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("drops a re-read of a user that a newer re-read overtook, without failing, and keeps the newer one")
  void overtakenReRead(Vertx vertx, VertxTestContext test) {
    ChatConfig config = stores.config();
    Redis redis = RedisStore.client(vertx, config);
    PresenceRegistry writer = registry(vertx, redis, config, "w");
    FirstReadLate lateRedis = new FirstReadLate(vertx, redis);
    PresenceRegistry reader = registry(vertx, lateRedis, config, "r");
    List<Throwable> unhandled = new CopyOnWriteArrayList<>();
    vertx.exceptionHandler(unhandled::add);
    Promise<Void> done = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> reader.start()
        .compose(started -> writer.open(43, "s1", "w"))
        .andThen(opened -> lateRedis.arm())
        .onSuccess(opened -> {
          // Two changes of user 43 published by another node: the reader reads the user twice,
          // and the first read is answered after the second.
          vertx.eventBus().publish(Addresses.PRESENCE_CHANGES, new JsonArray().add(43));
          vertx.eventBus().publish(Addresses.PRESENCE_CHANGES, new JsonArray().add(43));
        })
        .compose(published -> vertx.timer(FirstReadLate.DELAY_MILLIS * 2))
        .<Void>mapEmpty()
        .onComplete(done));
    done.future().onComplete(test.succeeding(v -> test.verify(() -> {
      assertEquals(List.of(), unhandled);
      assertTrue(reader.isOnline(43));
      test.completeNow();
    })));
  }

  /**
   * A Redis client whose answer to the first HGETALL asked once it is armed comes late: a later
   * read of the same key overtakes it.
   */
  private static final class FirstReadLate implements Redis {

    static final long DELAY_MILLIS = 300;

    private final Vertx vertx;
    private final Redis redis;
    private boolean armed;
    private int reads;

    FirstReadLate(Vertx vertx, Redis redis) {
      this.vertx = vertx;
      this.redis = redis;
    }

    void arm() {
      armed = true;
    }

    @Override
    public Future<Response> send(Request request) {
      Future<Response> answer = redis.send(request);
      if (armed && request.command() == Command.HGETALL && ++reads == 1) {
        return answer.compose(response -> vertx.timer(DELAY_MILLIS).map(response));
      }
      return answer;
    }

    @Override
    public Future<List<Response>> batch(List<Request> requests) {
      return redis.batch(requests);
    }

    @Override
    public Future<RedisConnection> connect() {
      return redis.connect();
    }

    @Override
    public Future<Void> close() {
      return redis.close();
    }
  }
}
