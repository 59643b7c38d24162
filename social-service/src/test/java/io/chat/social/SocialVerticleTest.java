package io.chat.social;

import static io.chat.social.SocialFixture.error;
import static io.chat.social.SocialFixture.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.bus.Actions.Social;
import io.chat.common.bus.BusAction;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
@DisplayName("The social service")
class SocialVerticleTest {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private SocialFixture fx;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext test) {
    fx = new SocialFixture(vertx, stores);
    vertx.deployVerticle(new SocialVerticle(stores.config()))
        .onComplete(test.succeedingThenComplete());
  }

  private Future<JsonObject> social(JsonObject user, BusAction<?, ?> action, Object... fields) {
    return fx.as(user, action, fields);
  }

  @Test
  @DisplayName("links two users both ways with friend_add, and lists them as friends of each other")
  void friendAdd(VertxTestContext test) {
    Future.all(fx.user(), fx.user()).compose(users -> {
      JsonObject a = users.resultAt(0);
      JsonObject b = users.resultAt(1);
      return social(a, Social.FRIEND_ADD, "id", b.getInteger("id"))
          .compose(added -> Future.all(social(a, Social.FRIENDS), social(b, Social.FRIENDS),
                  fx.count("SELECT COUNT(*) FROM friend WHERE userid IN (?, ?)", a.getInteger("id"), b.getInteger("id")))
              .map(all -> List.of(added, all.resultAt(0), all.resultAt(1), new JsonObject().put("rows", all.<Long>resultAt(2)), a, b)));
    }).onComplete(test.succeeding(r -> test.verify(() -> {
      JsonObject a = r.get(4);
      JsonObject b = r.get(5);
      assertEquals(b.copy().put("online", false), r.get(0).getJsonObject("friend"));
      assertEquals(new JsonArray().add(b.copy().put("online", false)), r.get(1).getJsonArray("friends"));
      assertEquals(new JsonArray().add(a.copy().put("online", false)), r.get(2).getJsonArray("friends"));
      assertEquals(2L, r.get(3).getLong("rows"));
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("names users by id or by name; a name that looks like a number is a name")
  void namesUsers(VertxTestContext test) {
    String numeric = String.valueOf(System.nanoTime() % 1_000_000_000);
    Future.all(fx.user(), fx.user(numeric)).compose(users -> {
      JsonObject a = users.resultAt(0);
      return social(a, Social.FRIEND_ADD, "name", numeric);
    }).onComplete(test.succeeding(added -> test.verify(() -> {
      assertEquals(numeric, added.getJsonObject("friend").getString("name"));
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("answers friend_add and friend_remove errors: no_such_user (a trailing space included), cannot_befriend_self, already_friends, not_friends")
  void friendErrors(VertxTestContext test) {
    Future.all(fx.user(), fx.user(), fx.user()).compose(users -> {
      JsonObject a = users.resultAt(0);
      JsonObject b = users.resultAt(1);
      JsonObject c = users.resultAt(2);
      return social(a, Social.FRIEND_ADD, "id", b.getInteger("id")).compose(added -> Future.all(List.of(
          error(social(a, Social.FRIEND_ADD, "id", 987_654_321)),
          error(social(a, Social.FRIEND_ADD, "name", unique("ghost"))),
          error(social(a, Social.FRIEND_ADD, "id", a.getInteger("id"))),
          error(social(a, Social.FRIEND_ADD, "name", b.getString("name"))),
          error(social(b, Social.FRIEND_ADD, "id", a.getInteger("id"))),
          error(social(a, Social.FRIEND_REMOVE, "id", c.getInteger("id"))),
          error(social(a, Social.FRIEND_REMOVE, "name", unique("ghost"))),
          error(social(a, Social.FRIEND_ADD, "name", c.getString("name") + " ")))));
    }).onComplete(test.succeeding(all -> test.verify(() -> {
      assertEquals(List.of(ErrorCode.NO_SUCH_USER, ErrorCode.NO_SUCH_USER, ErrorCode.CANNOT_BEFRIEND_SELF,
          ErrorCode.ALREADY_FRIENDS, ErrorCode.ALREADY_FRIENDS, ErrorCode.NOT_FRIENDS, ErrorCode.NO_SUCH_USER,
          ErrorCode.NO_SUCH_USER), all.list());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("unlinks both directions with friend_remove")
  void friendRemove(VertxTestContext test) {
    Future.all(fx.user(), fx.user()).compose(users -> {
      JsonObject a = users.resultAt(0);
      JsonObject b = users.resultAt(1);
      return social(a, Social.FRIEND_ADD, "id", b.getInteger("id"))
          .compose(added -> social(b, Social.FRIEND_REMOVE, "name", a.getString("name")))
          .compose(removed -> fx.count("SELECT COUNT(*) FROM friend WHERE userid IN (?, ?)",
              a.getInteger("id"), b.getInteger("id")));
    }).onComplete(test.succeeding(rows -> test.verify(() -> {
      assertEquals(0L, rows);
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("ends concurrent adds of one pair, from both sides, in one friendship and already_friends")
  void concurrentFriendAdds(VertxTestContext test) {
    List<Future<List<Object>>> rounds = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      rounds.add(Future.all(fx.user(), fx.user()).compose(users -> {
        JsonObject a = users.resultAt(0);
        JsonObject b = users.resultAt(1);
        Future<JsonObject> ab = social(a, Social.FRIEND_ADD, "id", b.getInteger("id"));
        Future<JsonObject> ba = social(b, Social.FRIEND_ADD, "id", a.getInteger("id"));
        Future<JsonObject> ab2 = social(a, Social.FRIEND_ADD, "id", b.getInteger("id"));
        return Future.join(ab, ba, ab2).otherwiseEmpty()
            .compose(v -> fx.count("SELECT COUNT(*) FROM friend WHERE userid IN (?, ?)", a.getInteger("id"), b.getInteger("id")))
            .map(rows -> List.<Object>of(ab, ba, ab2, rows));
      }));
    }
    Future.all(rounds).onComplete(test.succeeding(done -> test.verify(() -> {
      for (Future<List<Object>> round : rounds) {
        List<Object> r = round.result();
        int won = 0;
        for (int i = 0; i < 3; i++) {
          Future<?> attempt = (Future<?>) r.get(i);
          if (attempt.succeeded()) {
            won++;
          } else {
            assertEquals(ErrorCode.ALREADY_FRIENDS, ((ChatException) attempt.cause()).code());
          }
        }
        assertEquals(1, won);
        assertEquals(2L, r.get(3));
      }
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("creates a group with its creator, and lists it with the role in groups and group_members")
  void groupCreate(VertxTestContext test) {
    String name = unique("team");
    fx.user().compose(a -> social(a, Social.GROUP_CREATE, "name", name, "desc", "the team")
        .compose(created -> Future.all(social(a, Social.GROUPS), social(a, Social.GROUP_MEMBERS, "group", name))
            .map(all -> List.of(created, all.<JsonObject>resultAt(0), all.<JsonObject>resultAt(1), a))))
        .onComplete(test.succeeding(r -> test.verify(() -> {
          JsonObject group = r.get(0).getJsonObject("group");
          assertEquals(name, group.getString("name"));
          assertEquals("the team", group.getString("desc"));
          assertEquals("creator", group.getString("role"));
          assertEquals(new JsonArray().add(group), r.get(1).getJsonArray("groups"));
          assertEquals(new JsonArray().add(r.get(3).copy().put("role", "creator").put("online", false)),
              r.get(2).getJsonArray("members"));
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("answers group_create errors: group_name_taken, invalid_name, bad_request for a long desc")
  void groupCreateErrors(VertxTestContext test) {
    String name = unique("taken");
    fx.user().compose(a -> social(a, Social.GROUP_CREATE, "name", name).compose(created -> Future.all(List.of(
        error(social(a, Social.GROUP_CREATE, "name", name)),
        error(social(a, Social.GROUP_CREATE, "name", "two words")),
        error(social(a, Social.GROUP_CREATE, "name", "")),
        error(social(a, Social.GROUP_CREATE, "name", unique("g"), "desc", "d".repeat(201)))))))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          assertEquals(List.of(ErrorCode.GROUP_NAME_TAKEN, ErrorCode.INVALID_NAME, ErrorCode.INVALID_NAME,
              ErrorCode.BAD_REQUEST), all.list());
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("gives a group name to exactly one of many concurrent creates")
  void concurrentCreates(VertxTestContext test) {
    String name = unique("race");
    fx.user().compose(a -> {
      List<Future<JsonObject>> attempts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        attempts.add(social(a, Social.GROUP_CREATE, "name", name));
      }
      return Future.join(attempts).otherwiseEmpty()
          .compose(v -> fx.count("SELECT COUNT(*) FROM allgroup WHERE groupname = ?", name))
          .map(rows -> {
            assertEquals(1L, rows);
            return attempts;
          });
    }).onComplete(test.succeeding(attempts -> test.verify(() -> {
      assertEquals(1, attempts.stream().filter(Future::succeeded).count());
      attempts.stream().filter(Future::failed).forEach(failed ->
          assertEquals(ErrorCode.GROUP_NAME_TAKEN, ((ChatException) failed.cause()).code()));
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("joins by id or by name, and answers already_member and no_such_group")
  void groupJoin(VertxTestContext test) {
    String name = String.valueOf(System.nanoTime() % 1_000_000_000);
    Future.all(fx.user(), fx.user(), fx.user()).compose(users -> {
      JsonObject creator = users.resultAt(0);
      JsonObject b = users.resultAt(1);
      JsonObject c = users.resultAt(2);
      return social(creator, Social.GROUP_CREATE, "name", name).compose(created -> {
        int id = created.getJsonObject("group").getInteger("id");
        assertNotEquals(name, String.valueOf(id));
        return social(b, Social.GROUP_JOIN, "group", id)
            .compose(joinedById -> social(c, Social.GROUP_JOIN, "group", name))
            .compose(joinedByName -> Future.all(List.of(
                Future.succeededFuture(joinedByName),
                error(social(b, Social.GROUP_JOIN, "group", name)),
                error(social(creator, Social.GROUP_JOIN, "group", id)),
                error(social(b, Social.GROUP_JOIN, "group", 987_654_321)),
                error(social(b, Social.GROUP_JOIN, "group", unique("nope"))),
                social(creator, Social.GROUP_MEMBERS, "group", id),
                error(social(b, Social.GROUP_LEAVE, "group", name + " ")))));
      });
    }).onComplete(test.succeeding(all -> test.verify(() -> {
      JsonObject joined = all.resultAt(0);
      assertEquals("normal", joined.getJsonObject("group").getString("role"));
      assertEquals(List.of(ErrorCode.ALREADY_MEMBER, ErrorCode.ALREADY_MEMBER, ErrorCode.NO_SUCH_GROUP,
          ErrorCode.NO_SUCH_GROUP), all.list().subList(1, 5));
      assertEquals(3, all.<JsonObject>resultAt(5).getJsonArray("members").size());
      assertEquals(ErrorCode.NO_SUCH_GROUP, all.resultAt(6), "a name with a trailing space is another name");
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("lets members leave; the creator gets is_creator, others not_member")
  void groupLeave(VertxTestContext test) {
    String name = unique("leave");
    Future.all(fx.user(), fx.user(), fx.user()).compose(users -> {
      JsonObject creator = users.resultAt(0);
      JsonObject b = users.resultAt(1);
      JsonObject outsider = users.resultAt(2);
      return social(creator, Social.GROUP_CREATE, "name", name)
          .compose(created -> social(b, Social.GROUP_JOIN, "group", name))
          .compose(joined -> social(b, Social.GROUP_LEAVE, "group", name))
          .compose(left -> Future.all(List.of(
              error(social(creator, Social.GROUP_LEAVE, "group", name)),
              error(social(b, Social.GROUP_LEAVE, "group", name)),
              error(social(outsider, Social.GROUP_LEAVE, "group", name)),
              error(social(b, Social.GROUP_LEAVE, "group", unique("nope"))),
              error(social(outsider, Social.GROUP_MEMBERS, "group", name)))));
    }).onComplete(test.succeeding(all -> test.verify(() -> {
      assertEquals(List.of(ErrorCode.IS_CREATOR, ErrorCode.NOT_MEMBER, ErrorCode.NOT_MEMBER,
          ErrorCode.NO_SUCH_GROUP, ErrorCode.NOT_MEMBER), all.list());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("deletes a group and its memberships for the creator only")
  void groupDelete(VertxTestContext test) {
    String name = unique("del");
    Future.all(fx.user(), fx.user(), fx.user()).compose(users -> {
      JsonObject creator = users.resultAt(0);
      JsonObject member = users.resultAt(1);
      JsonObject outsider = users.resultAt(2);
      return social(creator, Social.GROUP_CREATE, "name", name).compose(created -> {
        int id = created.getJsonObject("group").getInteger("id");
        return social(member, Social.GROUP_JOIN, "group", id)
            .compose(joined -> Future.all(error(social(member, Social.GROUP_DELETE, "group", id)),
                error(social(outsider, Social.GROUP_DELETE, "group", id))))
            .compose(refused -> social(creator, Social.GROUP_DELETE, "group", name).map(refused))
            .compose(refused -> Future.all(fx.count("SELECT COUNT(*) FROM allgroup WHERE id = ?", id),
                    fx.count("SELECT COUNT(*) FROM groupuser WHERE groupid = ?", id),
                    error(social(creator, Social.GROUP_DELETE, "group", id)))
                .map(after -> List.of(refused.resultAt(0), refused.resultAt(1), after.resultAt(0),
                    after.resultAt(1), after.resultAt(2))));
      });
    }).onComplete(test.succeeding(r -> test.verify(() -> {
      assertEquals(List.of(ErrorCode.NOT_CREATOR, ErrorCode.NOT_MEMBER, 0L, 0L, ErrorCode.NO_SUCH_GROUP), r);
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("never leaves a membership of a deleted group when joins race a delete")
  void joinRacesDelete(VertxTestContext test) {
    List<Future<Void>> rounds = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      String name = unique("racy");
      rounds.add(Future.all(fx.user(), fx.user(), fx.user()).compose(users -> {
        JsonObject creator = users.resultAt(0);
        return social(creator, Social.GROUP_CREATE, "name", name).compose(created -> {
          int id = created.getJsonObject("group").getInteger("id");
          Future<JsonObject> join1 = social(users.resultAt(1), Social.GROUP_JOIN, "group", id);
          Future<JsonObject> delete = social(creator, Social.GROUP_DELETE, "group", id);
          Future<JsonObject> join2 = social(users.resultAt(2), Social.GROUP_JOIN, "group", name);
          return Future.join(join1, delete, join2).otherwiseEmpty().compose(v -> {
            assertTrue(delete.succeeded());
            for (Future<JsonObject> join : List.of(join1, join2)) {
              if (join.failed()) {
                assertEquals(ErrorCode.NO_SUCH_GROUP, ((ChatException) join.cause()).code());
              }
            }
            return fx.count("SELECT COUNT(*) FROM groupuser WHERE groupid = ?", id);
          }).map(rows -> {
            assertEquals(0L, rows);
            return (Void) null;
          });
        });
      }));
    }
    Future.all(rounds).onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("gives the login overview: friends and groups with roles")
  void overview(VertxTestContext test) {
    String name = unique("ov");
    Future.all(fx.user(), fx.user()).compose(users -> {
      JsonObject a = users.resultAt(0);
      JsonObject b = users.resultAt(1);
      return social(a, Social.FRIEND_ADD, "id", b.getInteger("id"))
          .compose(added -> social(b, Social.GROUP_CREATE, "name", name))
          .compose(created -> social(a, Social.GROUP_JOIN, "group", name))
          .compose(joined -> social(a, Social.OVERVIEW))
          .map(overview -> List.of(overview, b));
    }).onComplete(test.succeeding(r -> test.verify(() -> {
      assertEquals(new JsonArray().add(r.get(1)), r.get(0).getJsonArray("friends"));
      JsonObject group = r.get(0).getJsonArray("groups").getJsonObject(0);
      assertEquals(name, group.getString("name"));
      assertEquals("normal", group.getString("role"));
      test.completeNow();
    })));
  }
}
