package io.chat.message.log;

import static io.chat.message.log.LogFixture.direct;
import static io.chat.message.log.LogFixture.toGroup;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.bus.message.Sent;
import io.chat.common.model.ChatMessage;
import io.chat.common.model.ConvId;
import io.chat.common.model.UserRef;
import io.chat.message.route.MessageIds;
import io.chat.store.MySqlStore;
import io.chat.testkit.TestStores;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.mysqlclient.MySQLException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Batches written by {@link LogStore} on real connections to MariaDB, as the log writer of one
 * node (or of two) writes them: numbering, heads, direct members, cids, failed and abandoned
 * batches. Every outcome is checked in the tables.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The log store")
class LogStoreTest {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private LogFixture db;
  private Pool pool;
  private LogStore store;

  @BeforeEach
  void setUp(Vertx vertx) {
    db = new LogFixture(vertx, stores);
    pool = MySqlStore.pool(vertx, stores.config());
    store = new LogStore(new MessageIds("t1")::next);
  }

  @Test
  @DisplayName("numbers a batch's drafts 1, 2, 3 ... per conversation in draft order, with heads and a new direct conversation's two members")
  void numbersABatch(VertxTestContext test) {
    Map<String, Object> seen = new HashMap<>();
    db.users(3).compose(users -> db.group(users).compose(group -> {
      UserRef a = users.get(0);
      UserRef b = users.get(1);
      UserRef c = users.get(2);
      ConvId ab = ConvId.direct(a.id(), b.id());
      ConvId g = ConvId.group(group.id());
      seen.put("ab", ab);
      seen.put("g", g);
      seen.put("users", users);
      List<Draft> drafts = List.of(direct(a, b, "d1", null), toGroup(a, group, "g1", null),
          direct(b, a, "d2", null), toGroup(c, group, "g2", null), toGroup(b, group, "g3", null),
          direct(a, b, "d3 ✓ ünïcödé 😀", null));
      seen.put("drafts", drafts);
      return db.writerConnection().compose(connection -> store.append(connection, drafts, () -> false))
          .compose(outcomes -> {
            seen.put("outcomes", outcomes);
            return Future.all(
                db.rows("SELECT conv, seq, msg_id, sender, sender_name, to_user, group_name, text, ts FROM message "
                    + "WHERE conv IN (?, ?) ORDER BY conv, seq", ab.toString(), g.toString()),
                db.rows("SELECT conv, " + LogFixture.HEAD_COLUMNS + ", user_low, user_high, groupid FROM conversation "
                    + "WHERE conv IN (?, ?) ORDER BY conv", ab.toString(), g.toString()),
                db.rows("SELECT userid, acked_seq, joined_seq, active FROM conv_member WHERE conv = ? ORDER BY userid",
                    ab.toString()),
                db.count("SELECT COUNT(*) FROM conv_member WHERE conv = ?", g.toString()));
          });
    })).onComplete(test.succeeding(read -> test.verify(() -> {
      @SuppressWarnings("unchecked")
      List<Appended> outcomes = (List<Appended>) seen.get("outcomes");
      @SuppressWarnings("unchecked")
      List<Draft> drafts = (List<Draft>) seen.get("drafts");
      @SuppressWarnings("unchecked")
      List<UserRef> users = (List<UserRef>) seen.get("users");
      ConvId ab = (ConvId) seen.get("ab");
      ConvId g = (ConvId) seen.get("g");
      assertEquals(drafts.size(), outcomes.size(), "one outcome per draft");
      // Draft order: d1 g1 d2 g2 g3 d3.
      assertEquals(List.of(1L, 1L, 2L, 2L, 3L, 3L), outcomes.stream().map(o -> o.reply().seq()).toList(),
          "seq per conversation, in draft order");
      for (int i = 0; i < drafts.size(); i++) {
        Appended outcome = outcomes.get(i);
        Draft draft = drafts.get(i);
        assertFalse(outcome.reply().duplicate(), "draft " + i + " is fresh");
        assertNotNull(outcome.stored(), "draft " + i + " was stored");
        assertEquals(draft.conv(), outcome.reply().conv());
        assertEquals(draft.conv(), outcome.stored().conv());
        assertEquals(outcome.reply().seq(), outcome.stored().seq());
        assertEquals(outcome.reply().msgId(), outcome.stored().msgId());
        assertEquals(outcome.reply().ts(), outcome.stored().ts());
        assertEquals(draft.text(), outcome.stored().text());
        assertEquals(draft.from(), outcome.stored().from());
      }
      assertEquals(drafts.size(), outcomes.stream().map(o -> o.reply().msgId()).distinct().count(),
          "every message has its own msg_id");

      List<Row> messages = read.resultAt(0);
      // Ordered by conv: d:... before g:...
      assertEquals(List.of(ab + " 1", ab + " 2", ab + " 3", g + " 1", g + " 2", g + " 3"),
          messages.stream().map(row -> row.getString(0) + " " + row.getLong(1)).toList(), "the rows of the log");
      Map<String, ChatMessage> stored = new HashMap<>();
      outcomes.forEach(o -> stored.put(o.stored().conv() + " " + o.stored().seq(), o.stored()));
      long lastTs = 0;
      String lastConv = "";
      for (Row row : messages) {
        ChatMessage expected = stored.get(row.getString(0) + " " + row.getLong(1));
        assertEquals(expected.msgId(), row.getString(2));
        assertEquals(expected.from().id(), row.getInteger(3));
        assertEquals(expected.from().name(), row.getString(4));
        assertEquals(expected.to(), row.getInteger(5));
        assertEquals(expected.group() == null ? null : expected.group().name(), row.getString(6));
        assertEquals(expected.text(), row.getString(7), "the text as sent, any script");
        assertEquals(expected.ts(), row.getLong(8));
        if (row.getString(0).equals(lastConv)) {
          assertTrue(row.getLong(8) >= lastTs, "ts never decreases within " + lastConv);
        }
        lastConv = row.getString(0);
        lastTs = row.getLong(8);
      }

      List<Row> heads = read.resultAt(1);
      assertEquals(2, heads.size(), "a head per conversation");
      Row direct = heads.get(0);
      assertEquals(ab.toString(), direct.getString(0));
      assertEquals(3L, direct.getLong(1), "the direct conversation's last seq");
      assertEquals(stored.get(ab + " 3").ts(), direct.getLong(2), "its last ts is its last message's");
      assertEquals(ab.first(), direct.getInteger(3));
      assertEquals(ab.second(), direct.getInteger(4));
      assertNull(direct.getInteger(5));
      Row group = heads.get(1);
      assertEquals(g.toString(), group.getString(0));
      assertEquals(3L, group.getLong(1), "the group's last seq");
      assertEquals(stored.get(g + " 3").ts(), group.getLong(2));
      assertNull(group.getInteger(3));
      assertNull(group.getInteger(4));
      assertEquals(g.first(), group.getInteger(5));

      List<Row> members = read.resultAt(2);
      assertEquals(List.of(users.get(0).id(), users.get(1).id()), members.stream().map(r -> r.getInteger(0)).toList(),
          "the new direct conversation has its two members");
      for (Row member : members) {
        assertEquals(0L, member.getLong(1), "a new member's cursor is at 0");
        assertEquals(0L, member.getLong(2));
        assertTrue(member.getBoolean(3));
      }
      assertEquals(3L, read.<Long>resultAt(3), "a group's members are the social service's, none added");
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("never gives a message a ts below its conversation's last one (a node whose clock is behind)")
  void tsNeverGoesBack(VertxTestContext test) {
    long ahead = System.currentTimeMillis() + 600_000;
    db.users(2).compose(users -> {
      ConvId ab = ConvId.direct(users.get(0).id(), users.get(1).id());
      // Another node, whose clock is ten minutes ahead, wrote the first message.
      return db.put(ab, 1, users.get(0), users.get(1).id(), null, "from the future", ahead)
          .compose(v -> db.directMembers(ab))
          .compose(v -> db.writerConnection())
          .compose(connection -> store.append(connection, List.of(direct(users.get(1), users.get(0), "now", null),
              direct(users.get(0), users.get(1), "now too", null)), () -> false))
          .compose(outcomes -> db.rows("SELECT seq, ts FROM message WHERE conv = ? ORDER BY seq", ab.toString())
              .map(rows -> Map.entry(outcomes, rows)));
    }).onComplete(test.succeeding(result -> test.verify(() -> {
      List<Row> rows = result.getValue();
      assertEquals(List.of(1L, 2L, 3L), rows.stream().map(r -> r.getLong(0)).toList());
      assertEquals(ahead, rows.get(1).getLong(1), "the next message takes the last ts, not the clock's");
      assertEquals(ahead, rows.get(2).getLong(1));
      assertEquals(ahead, result.getKey().get(0).reply().ts(), "and so does its reply");
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("numbers one conversation without a gap or a repeat when two writers (two nodes) race 2 x 200 batches")
  void twoWritersOneConversation(VertxTestContext test) {
    int batches = 200;
    Map<String, Object> seen = new HashMap<>();
    db.users(2).compose(users -> Future.all(db.writerConnection(), db.writerConnection()).compose(connections -> {
      UserRef a = users.get(0);
      UserRef b = users.get(1);
      ConvId ab = ConvId.direct(a.id(), b.id());
      seen.put("ab", ab);
      LogStore nodeOne = new LogStore(new MessageIds("n1")::next);
      LogStore nodeTwo = new LogStore(new MessageIds("n2")::next);
      // Both start on a conversation nobody wrote yet: the first batches race for its row too.
      Future<List<Sent>> one = inTurn(batches, i -> nodeOne.append(connections.resultAt(0),
          List.of(direct(a, b, "one " + i, "one-" + i)), () -> false).map(outcomes -> outcomes.get(0).reply()));
      Future<List<Sent>> two = inTurn(batches, i -> nodeTwo.append(connections.resultAt(1),
          List.of(direct(b, a, "two " + i, "two-" + i)), () -> false).map(outcomes -> outcomes.get(0).reply()));
      return Future.all(one, two).compose(both -> {
        seen.put("one", both.resultAt(0));
        seen.put("two", both.resultAt(1));
        return Future.all(db.rows("SELECT seq, msg_id, ts, text FROM message WHERE conv = ? ORDER BY seq",
            ab.toString()), db.head(ab), db.count("SELECT COUNT(*) FROM message_cid WHERE conv = ?", ab.toString()));
      });
    })).onComplete(test.succeeding(read -> test.verify(() -> {
      @SuppressWarnings("unchecked")
      List<Sent> one = (List<Sent>) seen.get("one");
      @SuppressWarnings("unchecked")
      List<Sent> two = (List<Sent>) seen.get("two");
      List<Row> rows = read.resultAt(0);
      List<Long> seqs = rows.stream().map(r -> r.getLong(0)).toList();
      List<Long> missing = LongStream.rangeClosed(1, 2L * batches).filter(seq -> !seqs.contains(seq)).boxed().toList();
      assertEquals(List.of(), missing, "seqs missing from 1.." + 2 * batches);
      assertEquals(2 * batches, seqs.size(), "seq 1.." + 2 * batches + ", no repeat, nothing above");
      assertArrayEquals(new long[] {2L * batches, rows.get(rows.size() - 1).getLong(2)}, read.<long[]>resultAt(1),
          "the head is the last message");
      assertEquals(2L * batches, read.<Long>resultAt(2), "a cid row per message");
      Map<Long, String> msgIds = new HashMap<>();
      long lastTs = 0;
      for (Row row : rows) {
        msgIds.put(row.getLong(0), row.getString(1));
        assertTrue(row.getLong(2) >= lastTs, "ts follows seq at " + row.getLong(0));
        lastTs = row.getLong(2);
      }
      Set<Long> replied = new HashSet<>();
      for (List<Sent> writer : List.of(one, two)) {
        long previous = 0;
        for (Sent sent : writer) {
          assertFalse(sent.duplicate(), "no send was taken for a repeat: " + sent);
          assertTrue(sent.seq() > previous, "a writer's own batches get increasing seqs");
          previous = sent.seq();
          assertEquals(msgIds.get(sent.seq()), sent.msgId(), "the reply names the message stored at its seq");
          assertTrue(replied.add(sent.seq()), "seq " + sent.seq() + " was given twice");
        }
      }
      assertEquals(2 * batches, replied.size());
      // The race was real: neither writer had the conversation to itself for all its batches.
      assertNotEquals(LongStream.rangeClosed(1, batches).boxed().toList(), one.stream().map(Sent::seq).toList());
      assertNotEquals(LongStream.rangeClosed(1, batches).boxed().toList(), two.stream().map(Sent::seq).toList());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("wins a raced conversation within its attempts while another node keeps committing the next seq just ahead of it")
  void racedWhileOtherKeepsWriting(Vertx vertx, VertxTestContext test) {
    int ahead = 4;
    Map<String, Object> seen = new HashMap<>();
    List<Future<SqlConnection>> opening = new ArrayList<>();
    for (int i = 0; i <= ahead; i++) {
      opening.add(db.writerConnection());
    }
    db.users(2).compose(users -> Future.all(opening).compose(opened -> {
      UserRef a = users.get(0);
      UserRef b = users.get(1);
      ConvId ab = ConvId.direct(a.id(), b.id());
      SqlConnection writer = opened.resultAt(0);
      List<SqlConnection> others = new ArrayList<>();
      for (int i = 1; i <= ahead; i++) {
        others.add(opened.resultAt(i));
      }
      // This store knows the conversation at seq 1; the other node committed 2 (this store's
      // next batch meets the duplicate key) and is writing 3, 4, 5, 6, each in a transaction of
      // its own, committed one by one whenever this store waits for one of them.
      return store.append(writer, List.of(direct(a, b, "one", null)), () -> false)
          .compose(v -> db.put(ab, 2, b, a.id(), null, "two", System.currentTimeMillis()))
          .compose(v -> {
            Future<Void> inserts = Future.succeededFuture();
            for (int i = 0; i < ahead; i++) {
              long seq = 3 + i;
              SqlConnection other = others.get(i);
              inserts = inserts.compose(v2 -> other.preparedQuery("INSERT INTO message (conv, seq, msg_id, sender, "
                  + "sender_name, to_user, text, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").execute(Tuple.from(new Object[] {
                      ab.toString(), seq, "other-" + seq, b.id(), b.name(), a.id(), "other " + seq,
                      System.currentTimeMillis()})).mapEmpty());
            }
            return inserts;
          })
          .compose(v -> threadOf(writer))
          .compose(thread -> {
            Future<Sent> outcome = store.append(writer, List.of(direct(a, b, "mine", null)), () -> false)
                .map(outcomes -> outcomes.get(0).reply());
            return commitWhatBlocks(vertx, thread, others, 0, outcome).compose(v -> outcome);
          })
          .compose(sent -> {
            seen.put("sent", sent);
            return db.seqs(ab);
          });
    })).onComplete(test.succeeding(seqs -> test.verify(() -> {
      Sent sent = (Sent) seen.get("sent");
      assertEquals(ahead + 3, sent.seq(), "numbered after everything the other node committed");
      assertEquals(LongStream.rangeClosed(1, ahead + 3).boxed().toList(), seqs);
      test.completeNow();
    })));
  }

  /**
   * Each time the writer's connection has waited in a statement for a while (for a row one of the
   * others holds), commits the next of the others; done once all are committed. (MariaDB's
   * INNODB_LOCK_WAITS would name the holder, but it is refreshed too seldom to poll.)
   */
  private Future<Void> commitWhatBlocks(Vertx vertx, long thread, List<SqlConnection> others, int committed,
      Future<?> writing) {
    if (committed == others.size()) {
      return Future.succeededFuture();
    }
    if (writing.isComplete()) {
      // The writer is done (it failed: it gave up while others still held their rows).
      return Future.all(others.subList(committed, others.size()).stream()
          .map(other -> other.query("COMMIT").execute()).toList()).mapEmpty();
    }
    return db.count("SELECT COUNT(*) FROM information_schema.processlist WHERE id = ? AND command = 'Execute' "
        + "AND time_ms >= 200", thread).compose(waiting -> {
          Future<Void> commit = waiting > 0 ? others.get(committed).query("COMMIT").execute().mapEmpty()
              : Future.succeededFuture();
          int next = waiting > 0 ? committed + 1 : committed;
          Promise<Void> later = Promise.promise();
          // After a commit, a moment for the writer to be told and to go on to its next statement.
          commit.onSuccess(v -> vertx.setTimer(waiting > 0 ? 50 : 10,
              t -> commitWhatBlocks(vertx, thread, others, next, writing).onComplete(later))).onFailure(later::fail);
          return later.future();
        });
  }

  @Test
  @DisplayName("loses nothing and takes no number twice when two writers race for conversations nobody wrote yet")
  void twoWritersNewConversations(VertxTestContext test) {
    int rounds = 60;
    List<ConvId> convs = new ArrayList<>();
    List<Sent> replies = new ArrayList<>();
    db.users(2 * rounds).compose(users -> Future.all(db.writerConnection(), db.writerConnection())
        .compose(connections -> {
          LogStore nodeOne = new LogStore(new MessageIds("n1")::next);
          LogStore nodeTwo = new LogStore(new MessageIds("n2")::next);
          // Round i: both nodes write the first messages of a conversation at once, one of them two.
          return inTurn(rounds, i -> {
            UserRef x = users.get(2 * i);
            UserRef y = users.get(2 * i + 1);
            convs.add(ConvId.direct(x.id(), y.id()));
            Future<List<Appended>> one = nodeOne.append(connections.resultAt(0),
                List.of(direct(x, y, "one a", "new1-" + i + "-a"), direct(x, y, "one b", "new1-" + i + "-b")),
                () -> false);
            Future<List<Appended>> two = nodeTwo.append(connections.resultAt(1),
                List.of(direct(y, x, "two", "new2-" + i)), () -> false);
            return Future.all(one, two).map(both -> {
              both.<List<Appended>>resultAt(0).forEach(o -> replies.add(o.reply()));
              both.<List<Appended>>resultAt(1).forEach(o -> replies.add(o.reply()));
              return both.<List<Appended>>resultAt(1).get(0).reply();
            });
          });
        }))
        .compose(done -> Future.all(
            db.rows("SELECT conv, seq, msg_id, ts FROM message WHERE conv LIKE 'd:%' ORDER BY conv, seq"),
            db.rows("SELECT conv, " + LogFixture.HEAD_COLUMNS + " FROM conversation"),
            db.rows("SELECT c.conv, c.seq, c.msg_id, m.msg_id FROM message_cid c "
                + "LEFT JOIN message m ON m.conv = c.conv AND m.seq = c.seq WHERE c.cid LIKE 'new1-%' "
                + "OR c.cid LIKE 'new2-%'")))
        .onComplete(test.succeeding(read -> test.verify(() -> {
          Map<String, List<Row>> byConv = new HashMap<>();
          for (Row row : read.<List<Row>>resultAt(0)) {
            byConv.computeIfAbsent(row.getString(0), c -> new ArrayList<>()).add(row);
          }
          Map<String, Row> heads = new HashMap<>();
          read.<List<Row>>resultAt(1).forEach(row -> heads.put(row.getString(0), row));
          // Every breach is listed, conversation by conversation, so a failure shows what was lost.
          List<String> breaches = new ArrayList<>();
          Map<String, String> msgIds = new HashMap<>();
          for (ConvId conv : convs) {
            List<Row> rows = byConv.getOrDefault(conv.toString(), List.of());
            List<Long> seqs = rows.stream().map(r -> r.getLong(1)).toList();
            Row head = heads.get(conv.toString());
            if (!seqs.equals(List.of(1L, 2L, 3L))) {
              breaches.add(conv + " holds seqs " + seqs + " instead of its three messages 1, 2, 3");
            }
            String last = rows.isEmpty() ? "0 @0" : seqs.get(seqs.size() - 1) + " @" + rows.get(rows.size() - 1).getLong(3);
            String headText = head == null ? null : head.getLong(1) + " @" + head.getLong(2);
            if (!last.equals(headText)) {
              breaches.add(conv + "'s head " + headText + " is not its last message, " + last);
            }
            rows.forEach(row -> msgIds.put(conv + " " + row.getLong(1), row.getString(2)));
          }
          for (Sent reply : replies) {
            if (reply.duplicate()) {
              breaches.add("a first send was answered as a repeat: " + reply.toJson());
            }
            if (!reply.msgId().equals(msgIds.get(reply.conv() + " " + reply.seq()))) {
              breaches.add("the reply " + reply.toJson() + " names no message stored at its seq");
            }
          }
          if (replies.stream().map(r -> r.conv() + " " + r.seq()).distinct().count() != 3L * rounds) {
            breaches.add("a (conv, seq) was given twice");
          }
          for (Row cid : read.<List<Row>>resultAt(2)) {
            if (!cid.getString(2).equals(cid.getString(3))) {
              breaches.add("the cid row of " + cid.getString(0) + " " + cid.getLong(1) + " names "
                  + cid.getString(2) + ", but the log holds " + cid.getString(3) + " there");
            }
          }
          assertEquals(3 * rounds, replies.size(), "a reply per draft");
          assertEquals(3 * rounds, read.<List<Row>>resultAt(2).size(), "a cid row per message sent");
          assertEquals(List.of(), breaches.subList(0, Math.min(12, breaches.size())),
              breaches.size() + " breaches of the log's numbering, the first ones");
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("answers a repeated cid (in a later batch, in the same batch, in another conversation) with the first reply, flagged duplicate, and stores nothing")
  void repeatedCids(VertxTestContext test) {
    Map<String, Object> seen = new HashMap<>();
    db.users(3).compose(users -> db.writerConnection().compose(connection -> {
      UserRef a = users.get(0);
      UserRef b = users.get(1);
      UserRef c = users.get(2);
      ConvId ab = ConvId.direct(a.id(), b.id());
      ConvId ac = ConvId.direct(a.id(), c.id());
      seen.put("ab", ab);
      seen.put("ac", ac);
      return store.append(connection, List.of(direct(a, b, "first", "c-1")), () -> false)
          .compose(first -> {
            seen.put("first", first);
            return store.append(connection, List.of(
                direct(a, b, "retry", "c-1"),
                direct(b, a, "the same cid, another sender", "c-1"),
                direct(a, b, "new", "c-2"),
                direct(a, b, "retry in the batch", "c-2")), () -> false);
          })
          .compose(second -> {
            seen.put("second", second);
            return store.append(connection, List.of(direct(a, c, "another conversation", "c-1")), () -> false);
          })
          .compose(third -> {
            seen.put("third", third);
            return Future.all(
                db.rows("SELECT seq, text FROM message WHERE conv = ? ORDER BY seq", ab.toString()),
                db.head(ab),
                db.rows("SELECT sender, cid, conv, seq, msg_id FROM message_cid WHERE sender IN (?, ?) "
                    + "ORDER BY sender, cid", a.id(), b.id()),
                db.count("SELECT COUNT(*) FROM message WHERE conv = ?", ac.toString()),
                db.head(ac),
                db.count("SELECT COUNT(*) FROM conv_member WHERE conv = ?", ac.toString()));
          });
    })).onComplete(test.succeeding(read -> test.verify(() -> {
      @SuppressWarnings("unchecked")
      Appended first = ((List<Appended>) seen.get("first")).get(0);
      @SuppressWarnings("unchecked")
      List<Appended> second = (List<Appended>) seen.get("second");
      @SuppressWarnings("unchecked")
      Appended third = ((List<Appended>) seen.get("third")).get(0);
      ConvId ab = (ConvId) seen.get("ab");
      assertFalse(first.reply().duplicate());

      assertEquals(first.reply().asDuplicate(), second.get(0).reply(), "a repeat in a later batch gets the first reply");
      assertTrue(second.get(0).reply().duplicate());
      assertNull(second.get(0).stored(), "and nothing is stored for it");
      assertFalse(second.get(1).reply().duplicate(), "a cid is the sender's own: another sender's is fresh");
      assertEquals(2L, second.get(1).reply().seq());
      assertFalse(second.get(2).reply().duplicate());
      assertEquals(3L, second.get(2).reply().seq());
      assertEquals(second.get(2).reply().asDuplicate(), second.get(3).reply(),
          "a repeat within the batch gets the reply of the draft it repeats");
      assertNull(second.get(3).stored());
      assertEquals(first.reply().asDuplicate(), third.reply(), "a repeat in another conversation is a repeat too");
      assertNull(third.stored());

      assertEquals(List.of("1 first", "2 the same cid, another sender", "3 new"),
          read.<List<Row>>resultAt(0).stream().map(r -> r.getLong(0) + " " + r.getString(1)).toList(),
          "only the fresh drafts are in the log");
      assertEquals(3L, read.<long[]>resultAt(1)[0], "repeats take no seq");
      List<Row> cids = read.resultAt(2);
      assertEquals(3, cids.size(), "one cid row per sender and cid");
      Map<String, String> cidRows = new HashMap<>();
      cids.forEach(r -> cidRows.put(r.getInteger(0) + " " + r.getString(1), r.getString(2) + " " + r.getLong(3)
          + " " + r.getString(4)));
      int a = first.stored().from().id();
      assertEquals(ab + " 1 " + first.reply().msgId(), cidRows.get(a + " c-1"));
      assertEquals(ab + " 3 " + second.get(2).reply().msgId(), cidRows.get(a + " c-2"));
      assertEquals(0L, read.<Long>resultAt(3), "nothing in the conversation the repeat named");
      assertNull(read.resultAt(4), "which was not started either");
      assertEquals(0L, read.<Long>resultAt(5), "nor given members");
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("sends a cid again once it is older than 24 hours, and purges only the cids that old")
  void expiredCids(VertxTestContext test) {
    long dayAndMore = LogStore.CID_LIFETIME_MILLIS + 60_000;
    Map<String, Object> seen = new HashMap<>();
    db.users(2).compose(users -> db.writerConnection().compose(connection -> {
      UserRef a = users.get(0);
      UserRef b = users.get(1);
      ConvId ab = ConvId.direct(a.id(), b.id());
      seen.put("ab", ab);
      return store.append(connection, List.of(direct(a, b, "yesterday", "old"), direct(b, a, "kept", "kept")),
              () -> false)
          .compose(first -> {
            seen.put("first", first);
            return db.sql().preparedQuery("UPDATE message_cid SET ts = ts - ? WHERE sender = ? AND cid = ?")
                .execute(Tuple.of(dayAndMore, a.id(), "old"));
          })
          .compose(v -> store.append(connection, List.of(direct(a, b, "today", "old")), () -> false))
          .compose(again -> {
            seen.put("again", again);
            return store.append(connection, List.of(direct(a, b, "today, retried", "old")), () -> false);
          })
          .compose(retried -> {
            seen.put("retried", retried);
            return db.sql().preparedQuery("UPDATE message_cid SET ts = ts - ? WHERE sender = ? AND cid = ?")
                .execute(Tuple.of(dayAndMore, b.id(), "kept"));
          })
          .compose(v -> LogStore.purgeCids(pool, 1000))
          .compose(purged -> {
            seen.put("purged", purged);
            return Future.all(db.rows("SELECT seq, text FROM message WHERE conv = ? ORDER BY seq", ab.toString()),
                db.rows("SELECT sender, cid, seq, msg_id FROM message_cid WHERE conv = ? ORDER BY seq",
                    ab.toString()));
          });
    })).onComplete(test.succeeding(read -> test.verify(() -> {
      @SuppressWarnings("unchecked")
      Appended first = ((List<Appended>) seen.get("first")).get(0);
      @SuppressWarnings("unchecked")
      Appended again = ((List<Appended>) seen.get("again")).get(0);
      @SuppressWarnings("unchecked")
      Appended retried = ((List<Appended>) seen.get("retried")).get(0);
      assertFalse(again.reply().duplicate(), "a cid older than a day names nothing any more");
      assertNotNull(again.stored());
      assertEquals(3L, again.reply().seq());
      assertNotEquals(first.reply().msgId(), again.reply().msgId());
      assertEquals(again.reply().asDuplicate(), retried.reply(), "the cid now names the new message");
      assertEquals(1, (int) seen.get("purged"), "the purge took the one cid older than a day");
      assertEquals(List.of("1 yesterday", "2 kept", "3 today"),
          read.<List<Row>>resultAt(0).stream().map(r -> r.getLong(0) + " " + r.getString(1)).toList(),
          "the purge leaves the log alone");
      List<Row> cids = read.resultAt(1);
      assertEquals(1, cids.size(), "left: the renewed cid; gone: the old one of the other sender: " + cids);
      assertEquals("old", cids.get(0).getString(1));
      assertEquals(3L, cids.get(0).getLong(2));
      assertEquals(again.reply().msgId(), cids.get(0).getString(3));
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("writes nothing of a batch whose insert fails midway, and takes no seq for it")
  void failedBatch(VertxTestContext test) {
    Map<String, Object> seen = new HashMap<>();
    // A trigger of this test class's database refuses one text: the multi-row insert fails on the
    // server, after the rows before it in the statement were written.
    db.sql().query("CREATE TRIGGER refuse_boom BEFORE INSERT ON message FOR EACH ROW IF NEW.text = 'boom' THEN "
            + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the test refuses boom'; END IF").execute()
        .compose(trigger -> db.users(3))
        .compose(users -> db.writerConnection().compose(connection -> {
          UserRef a = users.get(0);
          UserRef b = users.get(1);
          UserRef c = users.get(2);
          ConvId ab = ConvId.direct(a.id(), b.id());
          ConvId ac = ConvId.direct(a.id(), c.id());
          seen.put("ab", ab);
          seen.put("ac", ac);
          return store.append(connection, List.of(direct(a, b, "one", null)), () -> false)
              .compose(first -> db.head(ab).map(head -> {
                seen.put("headBefore", head);
                return first;
              }))
              .compose(first -> store.append(connection, List.of(direct(a, b, "two", "cid-two"),
                      direct(a, c, "a new conversation", "cid-new"), direct(b, a, "boom", null),
                      direct(a, b, "after the failure", null)), () -> false)
                  .map(outcomes -> (Throwable) null).otherwise(failure -> failure))
              .compose(failure -> {
                seen.put("failure", failure);
                return Future.all(List.of(
                    db.rows("SELECT seq, text FROM message WHERE conv IN (?, ?) ORDER BY conv, seq", ab.toString(),
                        ac.toString()),
                    db.head(ab), db.head(ac),
                    db.count("SELECT COUNT(*) FROM conv_member WHERE conv = ?", ac.toString()),
                    db.count("SELECT COUNT(*) FROM message_cid WHERE sender = ?", a.id())));
              })
              .compose(afterFailure -> {
                seen.put("afterFailure", afterFailure);
                return store.append(connection, List.of(direct(b, a, "three", null), direct(a, b, "four", "cid-two")),
                    () -> false);
              })
              .compose(next -> {
                seen.put("next", next);
                return db.rows("SELECT seq, text FROM message WHERE conv = ? ORDER BY seq", ab.toString());
              });
        }))
        .eventually(() -> db.sql().query("DROP TRIGGER IF EXISTS refuse_boom").execute())
        .onComplete(test.succeeding(finalRows -> test.verify(() -> {
          Throwable failure = (Throwable) seen.get("failure");
          assertNotNull(failure, "the batch with the refused row failed");
          assertTrue(failure instanceof MySQLException, failure.toString());
          assertEquals("45000", ((MySQLException) failure).getSqlState(), failure.toString());
          CompositeFuture after = (CompositeFuture) seen.get("afterFailure");
          assertEquals(List.of("1 one"), after.<List<Row>>resultAt(0).stream()
              .map(r -> r.getLong(0) + " " + r.getString(1)).toList(), "no row of the failed batch is in the log");
          assertArrayEquals((long[]) seen.get("headBefore"), after.<long[]>resultAt(1),
              "the conversation's head did not move");
          assertNull(after.resultAt(2), "the new conversation was not started");
          assertEquals(0L, after.<Long>resultAt(3), "nor given members");
          assertEquals(0L, after.<Long>resultAt(4), "nor its cids kept");
          @SuppressWarnings("unchecked")
          List<Appended> next = (List<Appended>) seen.get("next");
          assertEquals(List.of(2L, 3L), next.stream().map(o -> o.reply().seq()).toList(),
              "the next batch takes the next seqs: the failed one took none");
          assertFalse(next.get(1).reply().duplicate(), "the failed batch's cid names nothing");
          assertEquals(List.of("1 one", "2 three", "3 four"),
              finalRows.stream().map(r -> r.getLong(0) + " " + r.getString(1)).toList());
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("rolls back a batch abandoned before its writes, and writes nothing of it")
  void abandonedAtOnce(VertxTestContext test) {
    Map<String, Object> seen = new HashMap<>();
    db.users(2).compose(users -> db.writerConnection().compose(connection -> {
      UserRef a = users.get(0);
      UserRef b = users.get(1);
      ConvId ab = ConvId.direct(a.id(), b.id());
      return store.append(connection, List.of(direct(a, b, "abandoned", "cid-abandoned")), () -> true)
          .map(outcomes -> (Throwable) null).otherwise(failure -> failure)
          .compose(failure -> {
            seen.put("failure", failure);
            return store.append(connection, List.of(direct(a, b, "kept", "cid-abandoned")), () -> false);
          })
          .compose(kept -> {
            seen.put("kept", kept);
            return db.rows("SELECT seq, text FROM message WHERE conv = ?", ab.toString());
          });
    })).onComplete(test.succeeding(rows -> test.verify(() -> {
      assertNotNull(seen.get("failure"), "an abandoned batch fails");
      @SuppressWarnings("unchecked")
      Appended kept = ((List<Appended>) seen.get("kept")).get(0);
      assertEquals(1L, kept.reply().seq(), "the abandoned batch took no seq");
      assertFalse(kept.reply().duplicate(), "nor kept its cid");
      assertEquals(List.of("1 kept"), rows.stream().map(r -> r.getLong(0) + " " + r.getString(1)).toList());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("rolls back a batch abandoned while its writes were waiting, instead of committing it")
  void abandonedDuringWrites(Vertx vertx, VertxTestContext test) {
    AtomicBoolean abandoned = new AtomicBoolean();
    Map<String, Object> seen = new HashMap<>();
    db.users(2).compose(users -> Future.all(db.writerConnection(), db.writerConnection()).compose(connections -> {
      UserRef a = users.get(0);
      UserRef b = users.get(1);
      ConvId ab = ConvId.direct(a.id(), b.id());
      SqlConnection writer = connections.resultAt(0);
      SqlConnection blocker = connections.resultAt(1);
      // The blocker holds a's member row of the conversation (uncommitted): the batch reads, then
      // writes its message and head, and waits at the member rows of the new conversation.
      return blocker.query("BEGIN").execute()
          .compose(v -> blocker.preparedQuery("INSERT INTO conv_member (userid, conv) VALUES (?, ?)")
              .execute(Tuple.of(a.id(), ab.toString())))
          .compose(v -> threadOf(writer))
          .compose(thread -> {
            Future<Throwable> outcome = store.append(writer, List.of(direct(a, b, "late", "cid-late")), abandoned::get)
                .map(outcomes -> (Throwable) null).otherwise(failure -> failure);
            return waitForMemberInsert(vertx, thread, 500)
                .compose(waiting -> {
                  seen.put("waited", waiting);
                  abandoned.set(true);
                  return blocker.query("ROLLBACK").execute();
                })
                .compose(v -> outcome);
          })
          .compose(failure -> {
            seen.put("failure", failure);
            return Future.all(db.count("SELECT COUNT(*) FROM message WHERE conv = ?", ab.toString()), db.head(ab),
                db.count("SELECT COUNT(*) FROM conv_member WHERE conv = ?", ab.toString()),
                db.count("SELECT COUNT(*) FROM message_cid WHERE sender = ?", a.id()));
          })
          .compose(read -> {
            seen.put("read", read);
            return store.append(writer, List.of(direct(a, b, "in time", "cid-late")), () -> false);
          });
    })).onComplete(test.succeeding(next -> test.verify(() -> {
      assertEquals(Boolean.TRUE, seen.get("waited"), "the batch was seen waiting in its writes");
      assertNotNull(seen.get("failure"), "the abandoned batch fails");
      CompositeFuture read = (CompositeFuture) seen.get("read");
      assertEquals(0L, read.<Long>resultAt(0), "its message is not in the log");
      assertNull(read.resultAt(1), "its conversation was not started");
      assertEquals(0L, read.<Long>resultAt(2), "nor given members");
      assertEquals(0L, read.<Long>resultAt(3), "nor its cid kept");
      assertEquals(1L, next.get(0).reply().seq(), "the next batch starts the conversation at 1");
      assertFalse(next.get(0).reply().duplicate());
      test.completeNow();
    })));
  }

  /**
   * Polls until that connection is executing its insert of member rows (where the blocker holds
   * it: true), or gives up (false).
   */
  private Future<Boolean> waitForMemberInsert(Vertx vertx, long thread, int polls) {
    return db.count("SELECT COUNT(*) FROM information_schema.processlist WHERE id = ? "
        + "AND info LIKE 'INSERT IGNORE INTO conv_member%'", thread).compose(waiting -> {
          if (waiting > 0) {
            return Future.succeededFuture(true);
          }
          if (polls == 0) {
            return Future.succeededFuture(false);
          }
          Promise<Boolean> later = Promise.promise();
          vertx.setTimer(20, t -> waitForMemberInsert(vertx, thread, polls - 1).onComplete(later));
          return later.future();
        });
  }

  private static Future<Long> threadOf(SqlConnection connection) {
    return connection.query("SELECT CONNECTION_ID()").execute().map(rows -> rows.iterator().next().getLong(0));
  }

  /** Runs count batches one after another, each once the one before is done; gives their replies. */
  private static Future<List<Sent>> inTurn(int count, Function<Integer, Future<Sent>> batch) {
    List<Sent> replies = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      int index = i;
      chain = chain.compose(v -> batch.apply(index)).map(reply -> {
        replies.add(reply);
        return null;
      });
    }
    return chain.map(replies);
  }
}
