package io.chat.message.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ChatConfig;
import io.chat.store.RedisStore;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
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
}
