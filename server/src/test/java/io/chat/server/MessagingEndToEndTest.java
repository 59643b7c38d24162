package io.chat.server;

import static io.chat.server.NodeHarness.befriend;
import static io.chat.server.NodeHarness.newUser;
import static io.chat.server.NodeHarness.session;
import static io.chat.server.NodeHarness.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.server.NodeHarness.User;
import io.chat.testkit.ClientTransport;
import io.chat.testkit.LineClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Chat over TCP and WebSocket: live and stored delivery, sessions, ordering and presence. */
@ExtendWith(VertxExtension.class)
@DisplayName("A node, for messages")
class MessagingEndToEndTest {

  @RegisterExtension
  static RunningNode node = new RunningNode();

  private Future<User> user(Vertx vertx, ClientTransport transport) {
    return newUser(vertx, node.get(), transport, "m");
  }

  private Future<List<User>> friends(Vertx vertx, ClientTransport transport) {
    return user(vertx, transport).compose(a -> user(vertx, transport).compose(b -> befriend(a, b).map(v -> List.of(a, b))));
  }

  /** n events of this type, in arrival order. */
  private static Future<List<JsonObject>> events(LineClient client, String type, int n) {
    Future<List<JsonObject>> all = Future.succeededFuture(new ArrayList<>());
    for (int i = 0; i < n; i++) {
      all = all.compose(list -> client.nextEvent(type).map(event -> {
        list.add(event);
        return list;
      }));
    }
    return all;
  }

  /** n replies, in arrival order. */
  private static Future<List<JsonObject>> replies(LineClient client, int n) {
    Future<List<JsonObject>> all = Future.succeededFuture(new ArrayList<>());
    for (int i = 0; i < n; i++) {
      all = all.compose(list -> client.nextReply().map(reply -> {
        list.add(reply);
        return list;
      }));
    }
    return all;
  }

  @OverEachTransport
  @DisplayName("delivers a message to a friend with the msg_id and ts of the sender's reply")
  void liveMessage(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    friends(vertx, transport).compose(u -> {
      User a = u.get(0);
      User b = u.get(1);
      return a.client().request(new JsonObject().put("op", "send").put("to", b.id()).put("text", "hi 👋").put("ref", "m1"))
          .compose(reply -> b.client().nextEvent("message").map(event -> {
            test.verify(() -> {
              assertTrue(reply.getBoolean("ok"));
              assertEquals("m1", reply.getString("ref"));
              assertTrue(Math.abs(System.currentTimeMillis() - reply.getLong("ts")) < 10_000);
              assertEquals(new JsonObject().put("event", "message").put("msg_id", reply.getString("msg_id"))
                  .put("conv", reply.getString("conv")).put("seq", reply.getLong("seq"))
                  .put("from", a.ref()).put("text", "hi 👋").put("ts", reply.getLong("ts")).put("to", b.id()), event);
              assertEquals("d:" + Math.min(a.id(), b.id()) + ":" + Math.max(a.id(), b.id()), reply.getString("conv"));
              assertEquals(1L, reply.getLong("seq"));
            });
            return event;
          }))
          .compose(v -> a.client().request("send", "to", b.name(), "text", "by name"))
          .compose(v -> b.client().nextEvent("message"));
    }).onComplete(test.succeeding(byName -> test.verify(() -> {
      assertEquals("by name", byName.getString("text"));
      test.completeNow();
    })));
  }

  @OverEachTransport
  @DisplayName("delivers to every session of the recipient, never back to the sending connection")
  void multiSession(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    friends(vertx, transport).compose(u -> {
      User a = u.get(0);
      User b = u.get(1);
      return session(vertx, node.get(), b).compose(b2 -> a.client().request("send", "to", b.id(), "text", "both")
          .compose(reply -> Future.all(b.client().nextEvent("message"), b2.client().nextEvent("message")))
          .compose(both -> a.client().request("ping").map(ping -> {
            test.verify(() -> {
              assertEquals("both", both.<JsonObject>resultAt(0).getString("text"));
              assertEquals(both.<JsonObject>resultAt(0), both.<JsonObject>resultAt(1));
              assertTrue(a.client().pendingEvents().stream().noneMatch(e -> "message".equals(e.getString("event"))));
            });
            return ping;
          })));
    }).onComplete(test.succeedingThenComplete());
  }

  @OverEachTransport
  @DisplayName("fans a group message out to every other member, with the group and no 'to'")
  void groupMessage(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    String name = unique("grp");
    Future.all(user(vertx, transport), user(vertx, transport), user(vertx, transport)).compose(all -> {
      User a = all.resultAt(0);
      User b = all.resultAt(1);
      User c = all.resultAt(2);
      return a.client().request("group_create", "name", name)
          .compose(created -> b.client().request("group_join", "group", name)
              .compose(v -> c.client().request("group_join", "group", name))
              .compose(v -> a.client().request("group_send", "group", name, "text", "hello all"))
              .compose(reply -> Future.all(b.client().nextEvent("message"), c.client().nextEvent("message"))
                  .map(events -> {
                    test.verify(() -> {
                      JsonObject event = events.resultAt(0);
                      assertEquals(reply.getString("msg_id"), event.getString("msg_id"));
                      assertEquals(new JsonObject().put("id", created.getJsonObject("group").getInteger("id"))
                          .put("name", name), event.getJsonObject("group"));
                      assertEquals(a.ref(), event.getJsonObject("from"));
                      assertFalse(event.containsKey("to"));
                      assertEquals(event, events.<JsonObject>resultAt(1));
                    });
                    return events;
                  })));
    }).onComplete(test.succeedingThenComplete());
  }

  @OverEachTransport
  @DisplayName("keeps the order of 500 pipelined messages to one friend, and of their replies")
  void pipelinedOrder(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    int count = 500;
    friends(vertx, transport).compose(u -> {
      User a = u.get(0);
      User b = u.get(1);
      StringBuilder burst = new StringBuilder();
      for (int i = 0; i < count; i++) {
        burst.append(new JsonObject().put("op", "send").put("to", b.id()).put("text", "n" + i).put("ref", i).encode()).append('\n');
      }
      return a.client().sendRaw(burst.toString())
          .compose(v -> Future.all(replies(a.client(), count), events(b.client(), "message", count)));
    }).onComplete(test.succeeding(both -> test.verify(() -> {
      List<JsonObject> replies = both.resultAt(0);
      List<JsonObject> events = both.resultAt(1);
      for (int i = 0; i < count; i++) {
        assertEquals(i, replies.get(i).getInteger("ref"));
        assertEquals("n" + i, events.get(i).getString("text"));
        assertEquals(replies.get(i).getString("msg_id"), events.get(i).getString("msg_id"));
      }
      test.completeNow();
    })));
  }

  @OverEachTransport
  @DisplayName("keeps the order of 300 pipelined group messages at every member")
  void pipelinedGroupOrder(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    int count = 300;
    String name = unique("ord");
    Future.all(user(vertx, transport), user(vertx, transport), user(vertx, transport)).compose(all -> {
      User a = all.resultAt(0);
      User b = all.resultAt(1);
      User c = all.resultAt(2);
      return a.client().request("group_create", "name", name)
          .compose(v -> b.client().request("group_join", "group", name))
          .compose(v -> c.client().request("group_join", "group", name))
          .compose(v -> {
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < count; i++) {
              burst.append(new JsonObject().put("op", "group_send").put("group", name).put("text", "g" + i).encode()).append('\n');
            }
            return a.client().sendRaw(burst.toString());
          })
          .compose(v -> Future.all(events(b.client(), "message", count), events(c.client(), "message", count)));
    }).onComplete(test.succeeding(both -> test.verify(() -> {
      for (int member = 0; member < 2; member++) {
        List<JsonObject> events = both.resultAt(member);
        for (int i = 0; i < count; i++) {
          assertEquals("g" + i, events.get(i).getString("text"));
        }
      }
      test.completeNow();
    })));
  }

  @OverEachTransport
  @DisplayName("stores messages for an offline friend and replays them once, in order, right after the login reply")
  void offlineReplay(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    String longText = "é漢🎉\"\\\n".repeat(600) + "x".repeat(400);
    assertEquals(4000, longText.codePointCount(0, longText.length()));
    friends(vertx, transport).compose(u -> {
      User a = u.get(0);
      User b = u.get(1);
      return b.client().close()
          .compose(v -> vertx.timer(300))
          .compose(v -> a.client().request("send", "to", b.id(), "text", "first"))
          .compose(first -> a.client().request("send", "to", b.id(), "text", longText)
              .compose(second -> a.client().request("send", "to", b.id(), "text", "third")
                  .map(third -> List.of(first, second, third))))
          .compose(sent -> NodeHarness.connect(vertx, node.get(), transport).compose(client ->
              client.request("login", "name", b.name(), "password", NodeHarness.password(b.name()))
                  .compose(login -> events(client, "message", 3).map(events -> {
                    test.verify(() -> {
                      assertEquals(3, login.getInteger("offline"));
                      assertEquals(List.of("first", longText, "third"),
                          events.stream().map(e -> e.getString("text")).toList());
                      for (int i = 0; i < 3; i++) {
                        assertTrue(events.get(i).getBoolean("offline"));
                        assertEquals(sent.get(i).getString("msg_id"), events.get(i).getString("msg_id"));
                        assertEquals(sent.get(i).getLong("ts"), events.get(i).getLong("ts"));
                        assertEquals(a.ref(), events.get(i).getJsonObject("from"));
                      }
                    });
                    return client;
                  }))))
          .compose(client -> client.close())
          .compose(v -> vertx.timer(300))
          .compose(v -> NodeHarness.session(vertx, node.get(), b));
    }).onComplete(test.succeeding(again -> test.verify(() -> {
      assertEquals(0, again.login().getInteger("offline"), "a stored message is delivered once");
      test.completeNow();
    })));
  }

  @OverEachTransport
  @DisplayName("stores a group message for each offline member")
  void groupOffline(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    String name = unique("off");
    Future.all(user(vertx, transport), user(vertx, transport)).compose(all -> {
      User a = all.resultAt(0);
      User b = all.resultAt(1);
      return a.client().request("group_create", "name", name)
          .compose(v -> b.client().request("group_join", "group", name))
          .compose(v -> b.client().request("logout"))
          .compose(v -> a.client().request("group_send", "group", name, "text", "while you were out"))
          .compose(v -> b.client().request("login", "name", b.name(), "password", NodeHarness.password(b.name())))
          .compose(login -> b.client().nextEvent("message").map(event -> List.of(login, event)));
    }).onComplete(test.succeeding(r -> test.verify(() -> {
      assertEquals(1, r.get(0).getInteger("offline"));
      assertEquals("while you were out", r.get(1).getString("text"));
      assertTrue(r.get(1).getBoolean("offline"));
      assertEquals(name, r.get(1).getJsonObject("group").getString("name"));
      test.completeNow();
    })));
  }

  @OverEachTransport
  @DisplayName("replays stored messages before any live message, even while the friend keeps sending")
  void replayBeforeLive(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    int stored = 300;
    friends(vertx, transport).compose(u -> {
      User a = u.get(0);
      User b = u.get(1);
      Future<Void> store = b.client().request("logout").mapEmpty();
      for (int i = 0; i < stored; i++) {
        String text = "stored " + i;
        store = store.compose(v -> a.client().send(new JsonObject().put("op", "send").put("to", b.id()).put("text", text)));
      }
      return store
          .compose(v -> replies(a.client(), stored))
          .compose(v -> {
            long sender = vertx.setPeriodic(2, tick -> a.client().send(new JsonObject().put("op", "send").put("to", b.id())
                .put("text", "live")));
            return b.client().request("login", "name", b.name(), "password", NodeHarness.password(b.name()))
                .compose(login -> events(b.client(), "message", stored + 200))
                .andThen(done -> vertx.cancelTimer(sender));
          });
    }).onComplete(test.succeeding(events -> test.verify(() -> {
      for (int i = 0; i < stored; i++) {
        assertEquals("stored " + i, events.get(i).getString("text"));
        assertTrue(events.get(i).getBoolean("offline"));
      }
      // "live" messages committed before the login read the log are replayed too; after the
      // first one that arrives live, none may come from the log, and the seqs run on without a gap.
      boolean liveSeen = false;
      for (int i = stored; i < events.size(); i++) {
        assertEquals("live", events.get(i).getString("text"));
        boolean offline = events.get(i).getBoolean("offline", false);
        assertFalse(liveSeen && offline, "a stored message after a live one at " + i);
        liveSeen |= !offline;
      }
      assertTrue(liveSeen);
      for (int i = 1; i < events.size(); i++) {
        assertEquals(events.get(i - 1).getLong("seq") + 1, events.get(i).getLong("seq"), "no gap, no repeat at " + i);
      }
      test.completeNow();
    })));
  }

  @OverEachTransport
  @DisplayName("tells friends when a user's first session opens and its last one closes, also by a dropped connection")
  void presence(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    friends(vertx, transport).compose(u -> {
      User a = u.get(0);
      User b = u.get(1);
      return a.client().request("logout")
          .compose(v -> b.client().nextEvent("presence"))
          .compose(offline -> {
            test.verify(() -> assertEquals(new JsonObject().put("event", "presence").put("user", a.ref())
                .put("online", false), offline));
            return session(vertx, node.get(), a);
          })
          .compose(a2 -> b.client().nextEvent("presence").compose(online -> {
            test.verify(() -> assertTrue(online.getBoolean("online")));
            return session(vertx, node.get(), a).compose(a3 -> a3.client().close()
                .compose(v -> a2.client().request("ping"))
                .compose(v -> b.client().request("friends"))
                .compose(friendsReply -> {
                  test.verify(() -> {
                    assertTrue(friendsReply.getJsonArray("friends").getJsonObject(0).getBoolean("online"));
                    assertTrue(b.client().pendingEvents().stream().noneMatch(e -> "presence".equals(e.getString("event"))),
                        "a second session opening or closing says nothing");
                  });
                  return a2.client().close();
                }));
          }))
          .compose(dropped -> b.client().nextEvent("presence"));
    }).onComplete(test.succeeding(dropped -> test.verify(() -> {
      assertFalse(dropped.getBoolean("online"));
      test.completeNow();
    })));
  }

  @OverEachTransport
  @DisplayName("answers every error of send and group_send with the contract's code")
  void sendErrors(ClientTransport transport, Vertx vertx, VertxTestContext test) {
    String name = unique("err");
    Future.all(friends(vertx, transport), user(vertx, transport)).compose(all -> {
      List<User> pair = all.resultAt(0);
      User a = pair.get(0);
      User b = pair.get(1);
      User stranger = all.resultAt(1);
      return stranger.client().request("group_create", "name", name).compose(v -> Future.all(List.of(
          a.client().request("send", "to", stranger.id(), "text", "hi"),
          a.client().request("send", "to", unique("ghost"), "text", "hi"),
          a.client().request("send", "to", 999_999_999, "text", "hi"),
          a.client().request("send", "to", b.id(), "text", ""),
          a.client().request("send", "to", b.id(), "text", "x".repeat(4001)),
          a.client().request("send", "to", b.id()),
          a.client().request("send", "to", b.id(), "text", 5),
          a.client().request(new JsonObject().put("op", "send").putNull("to").put("text", "hi")),
          a.client().request("send", "to", 1.5, "text", "hi"),
          a.client().request("group_send", "group", name, "text", "hi"),
          a.client().request("group_send", "group", unique("none"), "text", "hi"),
          a.client().request("group_send", "group", name, "text", ""),
          a.client().request("group_send", "text", "hi"),
          a.client().request("send", "group", name, "text", "hi"))));
    }).onComplete(test.succeeding(all -> test.verify(() -> {
      List<JsonObject> replies = all.list();
      List<String> codes = replies.stream().map(reply -> reply.getString("error")).toList();
      assertEquals(List.of("not_friends", "no_such_user", "no_such_user", "invalid_text", "invalid_text", "bad_request",
          "bad_request", "bad_request", "bad_request", "not_member", "no_such_group", "invalid_text", "bad_request",
          "bad_request"), codes);
      assertTrue(replies.get(13).getString("message").contains("group_send"), replies.get(13).encode());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("writes a message's text beyond ASCII to the recipient's TCP connection as its UTF-8 bytes")
  void utf8OnTheWire(Vertx vertx, VertxTestContext test) {
    String text = "x".repeat(999) + "😀 é";
    Buffer received = Buffer.buffer();
    friends(vertx, ClientTransport.TCP).compose(u -> {
      User a = u.get(0);
      User b = u.get(1);
      String login = new JsonObject().put("op", "login").put("name", b.name())
          .put("password", NodeHarness.password(b.name())).encode() + "\n";
      return vertx.createNetClient().connect(NodeHarness.port(node.get(), ClientTransport.TCP), "127.0.0.1")
          .compose(raw -> {
            raw.handler(received::appendBuffer);
            return raw.write(login)
                .compose(v -> vertx.timer(500))
                .compose(v -> a.client().request("send", "to", b.id(), "text", text))
                .compose(v -> vertx.timer(500))
                .compose(v -> raw.close());
          });
    }).onComplete(test.succeeding(v -> test.verify(() -> {
      String wire = received.toString(StandardCharsets.UTF_8);
      assertTrue(wire.contains("\"text\":\"" + text + "\""), wire);
      test.completeNow();
    })));
  }
}
