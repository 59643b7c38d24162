package io.chat.message.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chat.common.bus.message.ConvPosition;
import io.chat.common.bus.message.ConvRange;
import io.chat.common.model.ChatMessage;
import io.chat.common.model.ConvId;
import io.chat.common.model.UserRef;
import io.chat.store.MySqlStore;
import io.chat.store.SchemaInstaller;
import io.chat.testkit.TestStores;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The move of a v1 database's stored messages ({@code offlinemessage}, one copy per recipient
 * who was away) into the log, on the tables the v1 server left: users, a group with its
 * members, the rows as v1 wrote them, then the schema of v2 applied over it.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The upgrade of v1's stored messages")
class V1UpgradeTest {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private static final long T = 1_700_000_000_000L;

  private LogFixture db;
  private Pool pool;

  /** Each test starts from an empty v1 table (a run that failed in another test leaves its rows). */
  @BeforeEach
  void setUp(Vertx vertx, VertxTestContext test) {
    db = new LogFixture(vertx, stores);
    pool = MySqlStore.pool(vertx, stores.config());
    db.sql().query("DELETE FROM offlinemessage").execute().onComplete(test.succeedingThenComplete());
  }

  private static JsonObject directEvent(String msgId, UserRef from, UserRef to, String text, long ts) {
    return new JsonObject().put("event", "message").put("msg_id", msgId).put("from", from.toJson())
        .put("to", to.id()).put("text", text).put("ts", ts).put("offline", true);
  }

  private static JsonObject groupEvent(String msgId, UserRef from, int group, String name, String text, long ts) {
    return new JsonObject().put("event", "message").put("msg_id", msgId).put("from", from.toJson())
        .put("group", new JsonObject().put("id", group).put("name", name)).put("text", text).put("ts", ts)
        .put("offline", true);
  }

  /** A v1 row: the event as v1 stored it for one recipient. */
  private Future<Void> stored(UserRef recipient, JsonObject event) {
    return db.sql().preparedQuery("INSERT INTO offlinemessage (userid, message) VALUES (?, ?)")
        .execute(Tuple.of(recipient.id(), event.encode())).mapEmpty();
  }

  /** A group of v1: the group and its members, no conversation rows yet (v1 had none). */
  private Future<Integer> v1Group(String name, List<UserRef> members) {
    return db.sql().preparedQuery("INSERT INTO allgroup (groupname) VALUES (?)").execute(Tuple.of(name))
        .compose(rows -> {
          int id = rows.property(MySQLClient.LAST_INSERTED_ID).intValue();
          Future<?> chain = Future.succeededFuture();
          for (int i = 0; i < members.size(); i++) {
            UserRef member = members.get(i);
            String role = i == 0 ? "creator" : "normal";
            chain = chain.compose(v -> db.sql().preparedQuery(
                "INSERT INTO groupuser (groupid, userid, grouprole) VALUES (?, ?, ?)")
                .execute(Tuple.of(id, member.id(), role)));
          }
          return chain.map(id);
        });
  }

  private Future<Map<Integer, Long>> cursors(ConvId conv) {
    return db.rows("SELECT userid, acked_seq FROM conv_member WHERE conv = ? AND active", conv.toString())
        .map(rows -> {
          Map<Integer, Long> cursors = new TreeMap<>();
          rows.forEach(row -> cursors.put(row.getInteger(0), row.getLong(1)));
          return cursors;
        });
  }

  @Test
  @DisplayName("makes one log entry per message in the order sent, sets each member's cursor below their first stored one, empties the table, and is done after one run")
  void movesStoredMessages(Vertx vertx, VertxTestContext test) {
    Map<String, Object> seen = new HashMap<>();
    db.users(4).compose(users -> {
      UserRef a = users.get(0);
      UserRef b = users.get(1);
      UserRef c = users.get(2);
      UserRef d = users.get(3);
      seen.put("users", users);
      String groupName = "v1group_" + a.id();
      return v1Group(groupName, List.of(a, b, c)).compose(group -> {
        ConvId ab = ConvId.direct(a.id(), b.id());
        ConvId g = ConvId.group(group);
        seen.put("ab", ab);
        seen.put("g", g);
        // v1 stored a message once per recipient who was away, as it was sent (each node in its
        // own order: the last row was sent first).
        return stored(b, directEvent("n1-1", a, b, "hi b", T + 1_000))
            .compose(v -> stored(c, groupEvent("n1-2", a, group, groupName, "g0, c was away", T + 2_000)))
            .compose(v -> stored(b, groupEvent("n1-3", a, group, groupName, "g1, b and c away", T + 3_000)))
            .compose(v -> stored(c, groupEvent("n1-3", a, group, groupName, "g1, b and c away", T + 3_000)))
            .compose(v -> stored(c, groupEvent("n2-1", b, group, groupName, "g2 from b, c away", T + 4_000)))
            .compose(v -> stored(b, directEvent("n1-4", a, b, "again, b ✓ 😀", T + 5_000)))
            .compose(v -> stored(a, directEvent("n2-2", b, a, "b wrote first", T + 500)))
            // The v2 node starts: its schema makes the group members' rows, then the upgrade runs.
            .compose(v -> SchemaInstaller.install(vertx, stores.config()))
            .compose(v -> new V1Upgrade(db::writerConnection).run())
            .compose(moved -> {
              seen.put("moved", moved);
              return Future.all(List.of(
                  db.rows("SELECT conv, seq, msg_id, sender, sender_name, to_user, group_name, text, ts FROM message "
                      + "WHERE conv IN (?, ?) ORDER BY conv, seq", ab.toString(), g.toString()),
                  db.head(ab), db.head(g), cursors(ab), cursors(g),
                  db.count("SELECT COUNT(*) FROM offlinemessage"),
                  new LogReads(pool).positions(a.id()), new LogReads(pool).positions(b.id()),
                  new LogReads(pool).positions(c.id()), new LogReads(pool).positions(d.id())));
            })
            .compose(first -> {
              seen.put("first", first);
              // What b's login replays: above each cursor, sent by others, oldest first.
              List<ConvRange> ranges = first.<List<ConvPosition>>resultAt(7).stream()
                  .map(p -> new ConvRange(p.conv(), p.acked(), p.last())).toList();
              return new LogReads(pool).page(b.id(), ranges, true, 100);
            })
            .compose(replay -> {
              seen.put("replay", replay);
              return new V1Upgrade(db::writerConnection).run();
            })
            .compose(again -> {
              seen.put("again", again);
              return Future.all(db.count("SELECT COUNT(*) FROM message WHERE conv IN (?, ?)", ab.toString(),
                  g.toString()), cursors(ab), cursors(g));
            });
      });
    }).onComplete(test.succeeding(second -> test.verify(() -> {
      @SuppressWarnings("unchecked")
      List<UserRef> users = (List<UserRef>) seen.get("users");
      int a = users.get(0).id();
      int b = users.get(1).id();
      int c = users.get(2).id();
      ConvId ab = (ConvId) seen.get("ab");
      ConvId g = (ConvId) seen.get("g");
      CompositeFuture first = (CompositeFuture) seen.get("first");
      assertEquals(6, (int) seen.get("moved"), "six messages (eight rows, one message stored for two)");

      List<String> log = first.<List<Row>>resultAt(0).stream().map(r -> r.getString(0) + " " + r.getLong(1) + " "
          + r.getString(2) + " " + r.getInteger(3) + " " + r.getString(4) + " " + r.getInteger(5) + " "
          + r.getString(6) + " " + r.getString(7) + " " + r.getLong(8)).toList();
      String an = users.get(0).name();
      String bn = users.get(1).name();
      String gn = "v1group_" + a;
      assertEquals(List.of(
          ab + " 1 n2-2 " + b + " " + bn + " " + a + " null b wrote first " + (T + 500),
          ab + " 2 n1-1 " + a + " " + an + " " + b + " null hi b " + (T + 1_000),
          ab + " 3 n1-4 " + a + " " + an + " " + b + " null again, b ✓ 😀 " + (T + 5_000),
          g + " 1 n1-2 " + a + " " + an + " null " + gn + " g0, c was away " + (T + 2_000),
          g + " 2 n1-3 " + a + " " + an + " null " + gn + " g1, b and c away " + (T + 3_000),
          g + " 3 n2-1 " + b + " " + bn + " null " + gn + " g2 from b, c away " + (T + 4_000)), log,
          "one entry per msg_id, numbered in the order sent, as v1 sent it");
      assertEquals(3L, first.<long[]>resultAt(1)[0]);
      assertEquals(T + 5_000, first.<long[]>resultAt(1)[1], "the head is the last message");
      assertEquals(3L, first.<long[]>resultAt(2)[0]);
      assertEquals(T + 4_000, first.<long[]>resultAt(2)[1]);
      assertEquals(Map.of(a, 0L, b, 1L), first.resultAt(3),
          "direct: a's first stored is seq 1 (cursor 0), b's seq 2 (cursor 1)");
      assertEquals(Map.of(a, 3L, b, 1L, c, 0L), first.resultAt(4),
          "group: a had nothing stored (cursor at the last seq), b's first is seq 2, c's seq 1");
      assertEquals(0L, first.<Long>resultAt(5), "offlinemessage is empty");

      assertEquals(Map.of(ab.toString(), "0 3 1", g.toString(), "3 3 0"), positions(first.resultAt(6)),
          "a is owed b's message; nothing in the group");
      assertEquals(Map.of(ab.toString(), "1 3 2", g.toString(), "1 3 1"), positions(first.resultAt(7)),
          "b is owed a's two direct messages and a's g1 (not b's own g2)");
      assertEquals(Map.of(g.toString(), "0 3 3"), positions(first.resultAt(8)), "c is owed the whole group");
      assertEquals(Map.of(), positions(first.resultAt(9)), "d had nothing, and is owed nothing");

      @SuppressWarnings("unchecked")
      List<ChatMessage> replay = (List<ChatMessage>) seen.get("replay");
      assertEquals(List.of("n1-1", "n1-3", "n1-4"), replay.stream().map(ChatMessage::msgId).toList(),
          "b's login replays the three messages stored for b, oldest first");

      assertEquals(0, (int) seen.get("again"), "a second run moves nothing");
      assertEquals(6L, second.<Long>resultAt(0), "and adds nothing to the log");
      assertEquals(first.<Map<Integer, Long>>resultAt(3), second.resultAt(1), "nor moves a cursor");
      assertEquals(first.<Map<Integer, Long>>resultAt(4), second.resultAt(2));
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("numbers the moved messages after what a conversation's log already holds, and moves no cursor back")
  void afterTheLog(Vertx vertx, VertxTestContext test) {
    Map<String, Object> seen = new HashMap<>();
    db.users(3).compose(users -> db.group(users).compose(group -> {
      UserRef a = users.get(0);
      UserRef b = users.get(1);
      UserRef c = users.get(2);
      ConvId g = ConvId.group(group.id());
      seen.put("users", users);
      seen.put("g", g);
      // A v2 node already wrote two messages that everyone received.
      return db.put(g, 1, a, null, group, "v2 one", T + 10_000)
          .compose(v -> db.put(g, 2, b, null, group, "v2 two", T + 11_000))
          .compose(v -> db.sql().preparedQuery("UPDATE conv_member SET acked_seq = 2 WHERE conv = ?")
              .execute(Tuple.of(g.toString())))
          .compose(v -> stored(c, groupEvent("late-1", a, group.id(), group.name(), "v1, stored for c", T + 1_000)))
          .compose(v -> new V1Upgrade(db::writerConnection).run())
          .compose(moved -> {
            seen.put("moved", moved);
            return Future.all(db.rows("SELECT seq, msg_id FROM message WHERE conv = ? ORDER BY seq", g.toString()),
                db.head(g), cursors(g));
          });
    })).onComplete(test.succeeding(read -> test.verify(() -> {
      @SuppressWarnings("unchecked")
      List<UserRef> users = (List<UserRef>) seen.get("users");
      assertEquals(1, (int) seen.get("moved"));
      assertEquals(List.of("1 t-" + seen.get("g") + "-1", "2 t-" + seen.get("g") + "-2", "3 late-1"),
          read.<List<Row>>resultAt(0).stream().map(r -> r.getLong(0) + " " + r.getString(1)).toList(),
          "the moved message comes after the log's two");
      assertEquals(3L, read.<long[]>resultAt(1)[0]);
      assertEquals(T + 11_000, read.<long[]>resultAt(1)[1], "the head's ts does not go back to the older message's");
      assertEquals(Map.of(users.get(0).id(), 3L, users.get(1).id(), 3L, users.get(2).id(), 2L), read.resultAt(2),
          "c is owed the moved message only; no cursor went back");
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("empties the table also when all it holds is for a group v1 deleted since (no member left to set a cursor for)")
  void deletedGroup(VertxTestContext test) {
    db.users(2).compose(users -> stored(users.get(1),
            groupEvent("gone-1", users.get(0), 999_001, "deleted_in_v1", "to a group deleted since", T)))
        .compose(v -> new V1Upgrade(db::writerConnection).run())
        .compose(moved -> Future.all(Future.succeededFuture(moved), db.count("SELECT COUNT(*) FROM offlinemessage"),
            db.count("SELECT COUNT(*) FROM conv_member WHERE conv = 'g:999001'")))
        .onComplete(test.succeeding(read -> test.verify(() -> {
          assertEquals(1, read.<Integer>resultAt(0));
          assertEquals(0L, read.<Long>resultAt(1), "the table is empty: the next start does not fail on it again");
          assertEquals(0L, read.<Long>resultAt(2), "nobody reads the gone group");
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("moves a large v1 table (12,000 conversations) in one run")
  void largeTable(VertxTestContext test) {
    int conversations = 12_000;
    // Senders and recipients far above the ids of this class's other users.
    db.sql().query("INSERT INTO offlinemessage (userid, message) SELECT 900001 + 2 * seq, JSON_OBJECT('event', "
            + "'message', 'msg_id', CONCAT('big-', seq), 'from', JSON_OBJECT('id', 900000 + 2 * seq, 'name', "
            + "CONCAT('s', seq)), 'to', 900001 + 2 * seq, 'text', 'hello', 'ts', " + T + " + seq, 'offline', true) "
            + "FROM seq_1_to_" + conversations).execute()
        .compose(v -> new V1Upgrade(db::writerConnection).run())
        .compose(moved -> Future.all(List.of(Future.succeededFuture(moved),
            db.count("SELECT COUNT(*) FROM message WHERE msg_id LIKE 'big-%' AND seq = 1"),
            db.count("SELECT COUNT(*) FROM conv_member WHERE userid > 900000 AND userid % 2 = 1 AND acked_seq = 0"),
            db.count("SELECT COUNT(*) FROM conv_member WHERE userid > 900000 AND userid % 2 = 0 AND acked_seq = 1"),
            db.count("SELECT COUNT(*) FROM offlinemessage"))))
        .onComplete(test.succeeding(read -> test.verify(() -> {
          assertEquals(conversations, read.<Integer>resultAt(0), "every message moved");
          assertEquals((long) conversations, read.<Long>resultAt(1), "each the first of its conversation");
          assertEquals((long) conversations, read.<Long>resultAt(2), "each recipient owed their message");
          assertEquals((long) conversations, read.<Long>resultAt(3), "each sender has it");
          assertEquals(0L, read.<Long>resultAt(4));
          test.completeNow();
        })));
  }

  /** Positions by conversation, as {@code "acked last unread"}. */
  private static Map<String, String> positions(List<ConvPosition> positions) {
    Map<String, String> byConv = new HashMap<>();
    positions.forEach(p -> byConv.put(p.conv().toString(), p.acked() + " " + p.last() + " " + p.unread()));
    return byConv;
  }
}
