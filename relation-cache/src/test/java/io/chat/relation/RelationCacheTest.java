package io.chat.relation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.bus.Actions.Social;
import io.chat.common.bus.BusAction;
import io.chat.common.model.Named;
import io.chat.common.model.Caller;
import io.chat.common.bus.ServiceClient;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.social.SocialVerticle;
import io.chat.testkit.TestStores;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cache against the real social service: it must follow every change, and answer from memory. */
@ExtendWith(VertxExtension.class)
@DisplayName("The relation cache")
class RelationCacheTest {

  /** Short, so the test of a lost change notice can wait it out. */
  private static final long MAX_AGE_MILLIS = 1_000;

  @RegisterExtension
  static TestStores stores = new TestStores();

  private ServiceClient client;
  private SqlClient sql;
  private Context context;
  private RelationCache cache;
  private String socialDeployment;

  @BeforeEach
  void setUp(Vertx vertx, VertxTestContext test) {
    client = new ServiceClient(vertx.eventBus(), 5000);
    sql = stores.sql(vertx);
    context = vertx.getOrCreateContext();
    vertx.deployVerticle(new SocialVerticle(stores.config()))
        .compose(id -> {
          socialDeployment = id;
          return on(() -> {
            cache = new RelationCache(vertx, client, 1000, MAX_AGE_MILLIS);
            return cache.start();
          });
        })
        .onComplete(test.succeedingThenComplete());
  }

  /** The cache is used from one context, as in the message service. */
  private <T> Future<T> on(Supplier<Future<T>> work) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(result));
    return result.future();
  }

  private Future<Integer> user() {
    return sql.preparedQuery("INSERT INTO user (name, password) VALUES (?, 'x')")
        .execute(Tuple.of("u" + UUID.randomUUID().toString().substring(0, 8)))
        .map(rows -> rows.property(MySQLClient.LAST_INSERTED_ID).intValue());
  }

  private Future<JsonObject> social(int uid, BusAction<?, ?> action, Object... fields) {
    JsonObject body = new Caller(uid, "someone").into(new JsonObject());
    for (int i = 0; i + 1 < fields.length; i += 2) {
      body.put((String) fields[i], fields[i + 1]);
    }
    return client.request(action.address(), action.name(), body);
  }

  @Test
  @DisplayName("follows a friendship made after a cached 'not friends', and its removal")
  void friendships(VertxTestContext test) {
    Future.all(user(), user()).compose(users -> {
      int a = users.resultAt(0);
      int b = users.resultAt(1);
      return on(() -> cache.areFriends(a, b)).compose(before -> {
        assertFalse(before);
        return social(a, Social.FRIEND_ADD, "id", b);
      }).compose(added -> on(() -> Future.all(cache.areFriends(a, b), cache.areFriends(b, a))))
          .compose(after -> {
            assertTrue(after.<Boolean>resultAt(0));
            assertTrue(after.<Boolean>resultAt(1));
            return social(b, Social.FRIEND_REMOVE, "id", a);
          })
          .compose(removed -> on(() -> Future.all(cache.areFriends(a, b), cache.friendsOf(b))));
    }).onComplete(test.succeeding(removed -> test.verify(() -> {
      assertFalse(removed.<Boolean>resultAt(0));
      assertTrue(removed.<Set<Integer>>resultAt(1).isEmpty());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("follows joins, leaves and the deletion of a group")
  void memberships(VertxTestContext test) {
    String name = "g" + UUID.randomUUID().toString().substring(0, 8);
    Future.all(user(), user()).compose(users -> {
      int creator = users.resultAt(0);
      int member = users.resultAt(1);
      return social(creator, Social.GROUP_CREATE, "name", name)
          .compose(created -> on(() -> cache.groupOfMember(Named.name(name), creator)))
          .compose(group -> {
            assertEquals(Set.of(creator), group.members());
            return social(member, Social.GROUP_JOIN, "group", name);
          })
          .compose(joined -> on(() -> cache.groupOfMember(Named.name(name), creator)))
          .compose(group -> {
            assertEquals(Set.of(creator, member), group.members(), "a join refreshes the members");
            return social(member, Social.GROUP_LEAVE, "group", name);
          })
          .compose(left -> on(() -> failure(cache.groupOfMember(Named.name(name), member))))
          .compose(notMember -> {
            assertEquals(ErrorCode.NOT_MEMBER, notMember);
            return social(creator, Social.GROUP_DELETE, "group", name);
          })
          .compose(deleted -> on(() -> failure(cache.groupOfMember(Named.name(name), creator))));
    }).onComplete(test.succeeding(afterDelete -> test.verify(() -> {
      assertEquals(ErrorCode.NO_SUCH_GROUP, afterDelete);
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("answers known friendships and memberships from memory, with the social service gone")
  void fromMemory(Vertx vertx, VertxTestContext test) {
    String name = "g" + UUID.randomUUID().toString().substring(0, 8);
    Future.all(user(), user()).compose(users -> {
      int a = users.resultAt(0);
      int b = users.resultAt(1);
      return social(a, Social.FRIEND_ADD, "id", b)
          .compose(added -> social(a, Social.GROUP_CREATE, "name", name))
          .compose(created -> on(() -> Future.all(cache.areFriends(a, b), cache.groupOfMember(Named.name(name), a))))
          .compose(warm -> vertx.undeploy(socialDeployment))
          .compose(gone -> on(() -> Future.all(cache.areFriends(a, b), cache.groupOfMember(Named.name(name), a),
              cache.user(a).transform(done -> Future.succeededFuture(done.failed())))));
    }).onComplete(test.succeeding(answers -> test.verify(() -> {
      assertTrue(answers.<Boolean>resultAt(0));
      assertEquals(name, answers.<GroupView>resultAt(1).name());
      assertTrue(answers.<Boolean>resultAt(2), "an uncached lookup needs the service");
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("asks again after the max age, so a change whose notice was lost does not last")
  void lostChangeExpires(Vertx vertx, VertxTestContext test) {
    Future.all(user(), user()).compose(users -> {
      int a = users.resultAt(0);
      int b = users.resultAt(1);
      return social(a, Social.FRIEND_ADD, "id", b)
          .compose(added -> on(() -> cache.areFriends(a, b)))
          .compose(cached -> {
            assertTrue(cached);
            // Removed behind the social service's back: no change notice reaches the cache.
            return sql.preparedQuery("DELETE FROM friend WHERE userid IN (?, ?)").execute(Tuple.of(a, b));
          })
          .compose(removed -> on(() -> cache.areFriends(a, b)))
          .compose(stillCached -> {
            assertTrue(stillCached, "within the max age the cached friendship answers");
            return vertx.timer(MAX_AGE_MILLIS + 200);
          })
          .compose(aged -> on(() -> cache.areFriends(a, b)));
    }).onComplete(test.succeeding(afterMaxAge -> test.verify(() -> {
      assertFalse(afterMaxAge);
      test.completeNow();
    })));
  }

  private static Future<ErrorCode> failure(Future<?> request) {
    return request.transform(done -> done.succeeded()
        ? Future.failedFuture("expected an error")
        : Future.succeededFuture(((ChatException) done.cause()).code()));
  }
}
