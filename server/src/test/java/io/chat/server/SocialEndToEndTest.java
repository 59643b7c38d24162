package io.chat.server;

import static io.chat.server.NodeHarness.befriend;
import static io.chat.server.NodeHarness.newUser;
import static io.chat.server.NodeHarness.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.server.NodeHarness.User;
import io.chat.testkit.ClientTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Friends and groups over TCP and WebSocket, with the events they cause. */
@ExtendWith(VertxExtension.class)
@DisplayName("A node, for friends and groups")
class SocialEndToEndTest {

  @RegisterExtension
  static RunningNode node = new RunningNode();

  private Future<List<User>> users(Vertx vertx, ClientTransport transport, int count) {
    Future<List<User>> all = Future.succeededFuture(new ArrayList<>());
    for (int i = 0; i < count; i++) {
      all = all.compose(list -> newUser(vertx, node.get(), transport, "s").map(user -> {
        list.add(user);
        return list;
      }));
    }
    return all;
  }

  @OverEachTransport
  @DisplayName("adds a friend both ways, tells the other with friend_added, and shows it at the next login")
  void friendAdd(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    users(vertx, transport, 2).compose(u -> {
      User a = u.get(0);
      User b = u.get(1);
      return a.client().request("friend_add", "name", b.name())
          .compose(reply -> b.client().nextEvent("friend_added").map(event -> List.of(reply, event)))
          .compose(r -> b.client().request("friends").map(friends -> List.of(r.get(0), r.get(1), friends)))
          .compose(r -> NodeHarness.session(vertx, node.get(), a).map(again -> {
            test.verify(() -> {
              assertEquals(new JsonObject().put("op", "friend_add").put("ok", true)
                  .put("friend", b.ref().put("online", true)), r.get(0));
              assertEquals(new JsonObject().put("event", "friend_added").put("user", a.ref().put("online", true)), r.get(1));
              assertEquals(new JsonArray().add(a.ref().put("online", true)), r.get(2).getJsonArray("friends"));
              assertEquals(new JsonArray().add(b.ref().put("online", true)), again.login().getJsonArray("friends"));
            });
            return again;
          }));
    }).onComplete(test.succeedingThenComplete());
  }

  @OverEachTransport
  @DisplayName("removes a friend both ways and tells the other with friend_removed")
  void friendRemove(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    users(vertx, transport, 2).compose(u -> {
      User a = u.get(0);
      User b = u.get(1);
      return befriend(a, b)
          .compose(v -> b.client().request("friend_remove", "id", a.id()))
          .compose(removed -> a.client().nextEvent("friend_removed").map(event -> List.of(removed, event)))
          .compose(r -> a.client().request("friends").map(friends -> List.of(r.get(0), r.get(1), friends)))
          .compose(r -> a.client().request("friend_remove", "id", b.id()).map(again -> {
            test.verify(() -> {
              assertTrue(r.get(0).getBoolean("ok"));
              assertEquals(b.ref().put("online", true), r.get(1).getJsonObject("user"));
              assertEquals(new JsonArray(), r.get(2).getJsonArray("friends"));
              assertEquals("not_friends", again.getString("error"));
            });
            return again;
          }));
    }).onComplete(test.succeedingThenComplete());
  }

  @OverEachTransport
  @DisplayName("answers friend errors: no_such_user, cannot_befriend_self, already_friends, bad_request")
  void friendErrors(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    users(vertx, transport, 2).compose(u -> {
      User a = u.get(0);
      User b = u.get(1);
      return befriend(a, b).compose(v -> Future.all(List.of(
          a.client().request("friend_add", "name", unique("ghost")),
          a.client().request("friend_add", "id", a.id()),
          a.client().request("friend_add", "id", b.id()),
          a.client().request("friend_add", "id", "12"),
          a.client().request("friend_remove", "name", unique("ghost")))));
    }).onComplete(test.succeeding(all -> test.verify(() -> {
      List<String> codes = all.<JsonObject>list().stream().map(reply -> reply.getString("error")).toList();
      assertEquals(List.of("no_such_user", "cannot_befriend_self", "already_friends", "bad_request", "no_such_user"), codes);
      test.completeNow();
    })));
  }

  @OverEachTransport
  @DisplayName("runs a group's life: create, join with events, members with online flags, leave, delete")
  void groupLife(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    String name = unique("team");
    users(vertx, transport, 3).compose(u -> {
      User creator = u.get(0);
      User b = u.get(1);
      User c = u.get(2);
      return creator.client().request("group_create", "name", name, "desc", "our team")
          .compose(created -> {
            JsonObject group = created.getJsonObject("group");
            test.verify(() -> assertEquals("creator", group.getString("role")));
            int id = group.getInteger("id");
            JsonObject ref = new JsonObject().put("id", id).put("name", name);
            return b.client().request("group_join", "group", id)
                .compose(joined -> {
                  test.verify(() -> assertEquals(new JsonObject().put("id", id).put("name", name)
                      .put("desc", "our team").put("role", "normal"), joined.getJsonObject("group")));
                  return creator.client().nextEvent("group_member_joined");
                })
                .compose(event -> {
                  test.verify(() -> assertEquals(new JsonObject().put("event", "group_member_joined")
                      .put("group", ref).put("user", b.ref()), event));
                  return c.client().request("group_join", "group", name);
                })
                .compose(joined -> Future.all(creator.client().nextEvent("group_member_joined"),
                    b.client().nextEvent("group_member_joined")))
                .compose(events -> c.client().request("logout"))
                .compose(loggedOut -> creator.client().request("group_members", "group", id))
                .compose(members -> {
                  test.verify(() -> assertEquals(new JsonArray()
                      .add(creator.ref().put("role", "creator").put("online", true))
                      .add(b.ref().put("role", "normal").put("online", true))
                      .add(c.ref().put("role", "normal").put("online", false)), members.getJsonArray("members")));
                  return b.client().request("group_leave", "group", id);
                })
                .compose(left -> creator.client().nextEvent("group_member_left"))
                .compose(leftEvent -> {
                  test.verify(() -> assertEquals(b.ref(), leftEvent.getJsonObject("user")));
                  return b.client().request("groups");
                })
                .compose(groups -> {
                  test.verify(() -> assertEquals(new JsonArray(), groups.getJsonArray("groups")));
                  return b.client().request("group_join", "group", id);
                })
                .compose(rejoined -> creator.client().nextEvent("group_member_joined"))
                .compose(v -> creator.client().request("group_delete", "group", name))
                .compose(deleted -> b.client().nextEvent("group_deleted"))
                .compose(deletedEvent -> {
                  test.verify(() -> assertEquals(new JsonObject().put("event", "group_deleted").put("group", ref), deletedEvent));
                  return creator.client().request("groups");
                })
                .map(groups -> {
                  test.verify(() -> assertEquals(new JsonArray(), groups.getJsonArray("groups")));
                  return groups;
                });
          });
    }).onComplete(test.succeedingThenComplete());
  }

  @OverEachTransport
  @DisplayName("tells a user's other sessions of the group changes made on one (join, leave, delete), and not the one that made them")
  void groupChangesReachOtherSessions(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    String name = unique("devs");
    users(vertx, transport, 2).compose(u -> {
      User a = u.get(0);
      User b = u.get(1);
      return Future.all(NodeHarness.session(vertx, node.get(), a), NodeHarness.session(vertx, node.get(), b))
          .compose(second -> {
            User a2 = second.resultAt(0);
            User b2 = second.resultAt(1);
            return a.client().request("group_create", "name", name)
                .compose(created -> b.client().request("group_join", "group", name))
                .compose(joined -> Future.all(a.client().nextEvent("group_member_joined"),
                    b2.client().nextEvent("group_member_joined")))
                .compose(joined -> {
                  test.verify(() -> assertEquals(b.ref(), joined.<JsonObject>resultAt(1).getJsonObject("user")));
                  return b.client().request("group_leave", "group", name);
                })
                .compose(left -> Future.all(a.client().nextEvent("group_member_left"),
                    b2.client().nextEvent("group_member_left")))
                .compose(left -> {
                  test.verify(() -> assertEquals(b.ref(), left.<JsonObject>resultAt(1).getJsonObject("user")));
                  return a.client().request("group_delete", "group", name);
                })
                .compose(deleted -> a2.client().nextEvent("group_deleted"))
                // A round trip on each acting session after the others heard: what it would
                // have been sent has arrived by then.
                .compose(deleted -> Future.all(a.client().request("ping"), b.client().request("ping")))
                .map(pinged -> {
                  test.verify(() -> {
                    assertEquals(List.of(), a.client().takeEvents("group_deleted"), "the deleting session has its reply");
                    assertEquals(List.of(), b.client().takeEvents("group_member_joined"), "the joining session has its reply");
                    assertEquals(List.of(), b.client().takeEvents("group_member_left"), "the leaving session has its reply");
                  });
                  return pinged;
                });
          });
    }).onComplete(test.succeedingThenComplete());
  }

  @OverEachTransport
  @DisplayName("answers group errors with the contract's codes")
  void groupErrors(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    String name = unique("g");
    users(vertx, transport, 3).compose(u -> {
      User creator = u.get(0);
      User member = u.get(1);
      User outsider = u.get(2);
      return creator.client().request("group_create", "name", name)
          .compose(created -> member.client().request("group_join", "group", name))
          .compose(joined -> Future.all(List.of(
              creator.client().request("group_create", "name", name),
              creator.client().request("group_create", "name", "two words"),
              creator.client().request("group_create", "name", unique("d"), "desc", "x".repeat(201)),
              creator.client().request("group_leave", "group", name),
              member.client().request("group_join", "group", name),
              member.client().request("group_delete", "group", name),
              outsider.client().request("group_delete", "group", name),
              outsider.client().request("group_members", "group", name),
              outsider.client().request("group_leave", "group", name),
              outsider.client().request("group_join", "group", unique("none")),
              outsider.client().request("group_join", "group", true),
              outsider.client().request("group_create", "desc", "no name"))));
    }).onComplete(test.succeeding(all -> test.verify(() -> {
      List<String> codes = all.<JsonObject>list().stream().map(reply -> reply.getString("error")).toList();
      assertEquals(List.of("group_name_taken", "invalid_name", "bad_request", "is_creator", "already_member",
          "not_creator", "not_member", "not_member", "not_member", "no_such_group", "bad_request", "bad_request"), codes);
      test.completeNow();
    })));
  }

  @OverEachTransport
  @DisplayName("lists friends (with online flags) and groups (with roles) in the login reply")
  void loginOverview(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    String name = unique("club");
    users(vertx, transport, 2).compose(u -> {
      User a = u.get(0);
      User b = u.get(1);
      return befriend(a, b)
          .compose(v -> b.client().request("group_create", "name", name))
          .compose(v -> a.client().request("group_join", "group", name))
          .compose(v -> a.client().request("logout"))
          .compose(v -> a.client().request("login", "name", a.name(), "password", NodeHarness.password(a.name())));
    }).onComplete(test.succeeding(login -> test.verify(() -> {
      JsonArray friends = login.getJsonArray("friends");
      assertEquals(1, friends.size());
      assertTrue(friends.getJsonObject(0).getBoolean("online"));
      JsonObject group = login.getJsonArray("groups").getJsonObject(0);
      assertEquals(name, group.getString("name"));
      assertEquals("normal", group.getString("role"));
      assertFalse(login.containsKey("error"));
      test.completeNow();
    })));
  }
}
