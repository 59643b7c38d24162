package io.chat.message.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.bus.message.ConvPosition;
import io.chat.common.bus.message.ConvRange;
import io.chat.common.bus.message.ConversationEntry;
import io.chat.common.bus.message.CursorMove;
import io.chat.common.bus.message.UserHeads;
import io.chat.common.model.ChatMessage;
import io.chat.common.model.ConvId;
import io.chat.common.model.GroupRef;
import io.chat.common.model.UserRef;
import io.chat.store.MySqlStore;
import io.chat.testkit.TestStores;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reads of the log, and the cursors they start from, on rows put in MariaDB with chosen seqs
 * and ts (so orders and ties are known): history pages, pages for a session, who may read
 * what, the list of conversations, and cursor moves.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The log reads")
class LogReadsTest {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private static final long T = 1_800_000_000_000L;

  private LogFixture db;
  private Pool pool;
  private LogReads reads;

  @BeforeEach
  void setUp(Vertx vertx) {
    db = new LogFixture(vertx, stores);
    pool = MySqlStore.pool(vertx, stores.config());
    reads = new LogReads(pool);
  }

  private static List<Long> seqs(LogReads.Page page) {
    return page.messages().stream().map(ChatMessage::seq).toList();
  }

  /** Messages as {@code "<conv> <seq>"}, in their order. */
  private static List<String> keys(List<ChatMessage> messages) {
    return messages.stream().map(m -> m.conv() + " " + m.seq()).toList();
  }

  @Test
  @DisplayName("page a conversation's history: the latest, before a seq, after a seq, each in seq order, with more when there is more")
  void history(VertxTestContext test) {
    Map<String, Object> seen = new HashMap<>();
    db.users(2).compose(users -> {
      UserRef a = users.get(0);
      UserRef b = users.get(1);
      ConvId ab = ConvId.direct(a.id(), b.id());
      seen.put("users", users);
      Future<Void> chain = db.directMembers(ab);
      for (int seq = 1; seq <= 7; seq++) {
        long s = seq;
        UserRef from = seq % 2 == 1 ? a : b;
        UserRef to = seq % 2 == 1 ? b : a;
        chain = chain.compose(v -> db.put(ab, s, from, to.id(), null, "text " + s, T + s));
      }
      return chain.compose(v -> Future.all(List.of(
          reads.history(ab, null, null, 3),
          reads.history(ab, 5L, null, 3),
          reads.history(ab, 2L, null, 3),
          reads.history(ab, 4L, null, 3),
          reads.history(ab, null, 4L, 3),
          reads.history(ab, null, 3L, 3),
          reads.history(ab, null, 7L, 3),
          reads.history(ab, null, null, 7),
          reads.history(ab, null, null, 50),
          reads.history(ab, null, 0L, 50))));
    }).onComplete(test.succeeding(pages -> test.verify(() -> {
      @SuppressWarnings("unchecked")
      List<UserRef> users = (List<UserRef>) seen.get("users");
      LogReads.Page latest = pages.resultAt(0);
      assertEquals(List.of(5L, 6L, 7L), seqs(latest), "the latest three, oldest first");
      assertTrue(latest.more(), "older ones remain");
      assertEquals(List.of(2L, 3L, 4L), seqs(pages.resultAt(1)), "before 5");
      assertTrue(pages.<LogReads.Page>resultAt(1).more());
      assertEquals(List.of(1L), seqs(pages.resultAt(2)), "before 2");
      assertFalse(pages.<LogReads.Page>resultAt(2).more(), "nothing before 1");
      assertEquals(List.of(1L, 2L, 3L), seqs(pages.resultAt(3)), "before 4: exactly a page");
      assertFalse(pages.<LogReads.Page>resultAt(3).more(), "and nothing before it");
      assertEquals(List.of(5L, 6L, 7L), seqs(pages.resultAt(4)), "after 4: exactly a page");
      assertFalse(pages.<LogReads.Page>resultAt(4).more(), "and nothing after it");
      assertEquals(List.of(4L, 5L, 6L), seqs(pages.resultAt(5)), "after 3");
      assertTrue(pages.<LogReads.Page>resultAt(5).more());
      assertEquals(List.of(), seqs(pages.resultAt(6)), "after the last");
      assertFalse(pages.<LogReads.Page>resultAt(6).more());
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), seqs(pages.resultAt(7)), "the whole log in one page");
      assertFalse(pages.<LogReads.Page>resultAt(7).more());
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), seqs(pages.resultAt(8)));
      assertFalse(pages.<LogReads.Page>resultAt(8).more());
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), seqs(pages.resultAt(9)), "after 0");
      ChatMessage second = pages.<LogReads.Page>resultAt(7).messages().get(1);
      assertEquals(new ChatMessage(ConvId.direct(users.get(0).id(), users.get(1).id()), 2,
          "t-" + ConvId.direct(users.get(0).id(), users.get(1).id()) + "-2", users.get(1), users.get(0).id(), null,
          "text 2", T + 2), second, "a message as stored: msg_id, sender and name, to, text, ts");
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("page a session's conversations oldest first across them (ts, then conv, then seq), within the ranges, optionally without the user's own")
  void pageOrder(VertxTestContext test) {
    Map<String, Object> seen = new HashMap<>();
    db.users(3).compose(users -> db.group(users).compose(group -> {
      UserRef a = users.get(0);
      UserRef b = users.get(1);
      UserRef c = users.get(2);
      ConvId ab = ConvId.direct(a.id(), b.id());
      ConvId ac = ConvId.direct(a.id(), c.id());
      ConvId g = ConvId.group(group.id());
      seen.put("convs", List.of(ab, ac, g));
      // Three messages at T + 30, one in each conversation: the tie is broken by conv.
      return db.directMembers(ab).compose(v -> db.directMembers(ac))
          .compose(v -> db.put(ab, 1, b, a.id(), null, "ab1", T + 10))
          .compose(v -> db.put(ab, 2, a, b.id(), null, "ab2 (own)", T + 30))
          .compose(v -> db.put(ab, 3, b, a.id(), null, "ab3", T + 50))
          .compose(v -> db.put(g, 1, c, null, group, "g1", T + 20))
          .compose(v -> db.put(g, 2, b, null, group, "g2", T + 30))
          .compose(v -> db.put(g, 3, a, null, group, "g3 (own)", T + 40))
          .compose(v -> db.put(ac, 1, c, a.id(), null, "ac1", T + 30))
          .compose(v -> db.put(ac, 2, c, a.id(), null, "ac2", T + 60))
          .compose(v -> {
            List<ConvRange> all = List.of(new ConvRange(ab, 0, 3), new ConvRange(g, 0, 3), new ConvRange(ac, 0, 2));
            return Future.all(List.of(
                reads.page(a.id(), all, false, 100),
                reads.page(a.id(), all, true, 100),
                reads.page(a.id(), all, false, 3),
                reads.page(a.id(), List.of(new ConvRange(ab, 1, 2), new ConvRange(g, 1, 3)), false, 100),
                reads.page(a.id(), List.of(), false, 100)));
          });
    })).onComplete(test.succeeding(pages -> test.verify(() -> {
      @SuppressWarnings("unchecked")
      List<ConvId> convs = (List<ConvId>) seen.get("convs");
      ConvId ab = convs.get(0);
      ConvId ac = convs.get(1);
      ConvId g = convs.get(2);
      // The tie at T + 30 in the order of the conv column (ascii_bin: byte order, as String's).
      List<String> tie = List.of(ab + " 2", ac + " 1", g + " 2").stream()
          .sorted(Comparator.naturalOrder()).toList();
      List<String> everything = new ArrayList<>(List.of(ab + " 1", g + " 1"));
      everything.addAll(tie);
      everything.addAll(List.of(g + " 3", ab + " 3", ac + " 2"));
      assertEquals(everything, keys(pages.resultAt(0)), "oldest first across the conversations");
      assertEquals(everything.stream().filter(k -> !k.equals(ab + " 2") && !k.equals(g + " 3")).toList(),
          keys(pages.resultAt(1)), "without the user's own");
      assertEquals(everything.subList(0, 3), keys(pages.resultAt(2)), "the oldest three");
      assertEquals(List.of(ab + " 2", g + " 2", g + " 3"), keys(pages.resultAt(3)), "only seqs in (after, up_to]");
      assertEquals(List.of(), pages.resultAt(4), "no range, nothing");
      ChatMessage g1 = pages.<List<ChatMessage>>resultAt(0).get(1);
      assertEquals(g, g1.conv());
      assertEquals(new GroupRef(g.first(), g1.group().name()), g1.group(), "a group message names its group");
      assertEquals(null, g1.to());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("read for a group member only what came after they joined, for one who left nothing, for an outsider nothing")
  void whoReadsWhat(VertxTestContext test) {
    Map<String, Object> seen = new HashMap<>();
    db.users(5).compose(users -> db.group(users.subList(0, 2)).compose(group -> {
      UserRef a = users.get(0);
      UserRef b = users.get(1);
      UserRef late = users.get(2);
      UserRef leaver = users.get(3);
      UserRef outsider = users.get(4);
      ConvId g = ConvId.group(group.id());
      ConvId withLeaver = ConvId.direct(a.id(), leaver.id());
      ConvId unwritten = ConvId.direct(outsider.id(), late.id());
      seen.put("users", users);
      seen.put("g", g);
      seen.put("withLeaver", withLeaver);
      return db.join(group, leaver, 0)
          .compose(v -> db.put(g, 1, a, null, group, "g1", T + 1))
          .compose(v -> db.put(g, 2, b, null, group, "g2", T + 2))
          // late joins after seq 2, as the social service records it
          .compose(v -> db.join(group, late, 2))
          .compose(v -> db.put(g, 3, a, null, group, "g3", T + 3))
          .compose(v -> db.put(g, 4, late, null, group, "g4", T + 4))
          .compose(v -> db.leave(group, leaver))
          .compose(v -> db.directMembers(withLeaver))
          .compose(v -> db.put(withLeaver, 1, a, leaver.id(), null, "still friends", T + 5))
          .compose(v -> {
            List<ConvRange> whole = List.of(new ConvRange(g, 0, 4));
            return Future.all(List.of(
                reads.page(late.id(), whole, false, 100),
                reads.page(leaver.id(), whole, false, 100),
                reads.page(outsider.id(), whole, false, 100),
                reads.page(a.id(), whole, false, 100),
                reads.page(leaver.id(), List.of(new ConvRange(g, 0, 4), new ConvRange(withLeaver, 0, 1)), false, 100),
                Future.all(List.of(reads.lastSeqFor(late.id(), g), reads.lastSeqFor(leaver.id(), g),
                    reads.lastSeqFor(outsider.id(), g), reads.lastSeqFor(outsider.id(), unwritten),
                    reads.lastSeqFor(outsider.id(), withLeaver), reads.lastSeqFor(leaver.id(), withLeaver))),
                reads.heads(List.of(late.id(), leaver.id(), outsider.id())),
                reads.positions(late.id()),
                reads.positions(leaver.id())));
          });
    })).onComplete(test.succeeding(read -> test.verify(() -> {
      ConvId g = (ConvId) seen.get("g");
      ConvId withLeaver = (ConvId) seen.get("withLeaver");
      @SuppressWarnings("unchecked")
      List<UserRef> users = (List<UserRef>) seen.get("users");
      assertEquals(List.of(g + " 3", g + " 4"), keys(read.resultAt(0)), "a late member reads from their join on");
      assertEquals(List.of(), keys(read.resultAt(1)), "one who left reads nothing of the group");
      assertEquals(List.of(), keys(read.resultAt(2)), "an outsider reads nothing");
      assertEquals(List.of(g + " 1", g + " 2", g + " 3", g + " 4"), keys(read.resultAt(3)), "a founder reads all");
      assertEquals(List.of(withLeaver + " 1"), keys(read.resultAt(4)), "one who left still reads their direct ones");
      CompositeFuture last = read.resultAt(5);
      assertEquals(OptionalLong.of(4), last.resultAt(0), "a member may read the group, up to 4");
      assertEquals(OptionalLong.empty(), last.resultAt(1), "one who left may not");
      assertEquals(OptionalLong.empty(), last.resultAt(2), "nor an outsider");
      assertEquals(OptionalLong.of(0), last.resultAt(3), "a direct conversation of the user's with nothing yet is at 0");
      assertEquals(OptionalLong.empty(), last.resultAt(4), "another pair's is not the user's");
      assertEquals(OptionalLong.of(1), last.resultAt(5));
      Map<Integer, List<String>> heads = new TreeMap<>();
      for (UserHeads user : read.<List<UserHeads>>resultAt(6)) {
        heads.put(user.user(), user.heads().stream().map(h -> h.conv() + " " + h.last() + " " + h.joined()).sorted()
            .toList());
      }
      assertEquals(Map.of(users.get(2).id(), List.of(g + " 4 2"), users.get(3).id(), List.of(withLeaver + " 1 0"),
          users.get(4).id(), List.of()), heads, "heads: what each may read, and where their part began");
      assertEquals(List.of(g + " 2 4 1"), read.<List<ConvPosition>>resultAt(7).stream()
          .map(p -> p.conv() + " " + p.acked() + " " + p.last() + " " + p.unread()).toList(),
          "the late member is owed g3 (g4 is their own)");
      assertEquals(List.of(withLeaver + " 0 1 1"), read.<List<ConvPosition>>resultAt(8).stream()
          .map(p -> p.conv() + " " + p.acked() + " " + p.last() + " " + p.unread()).toList(),
          "one who left is owed nothing of the group");
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("list a user's conversations that hold a message, most recent first, with the other user or the group, and the cursor")
  void conversations(VertxTestContext test) {
    Map<String, Object> seen = new HashMap<>();
    db.users(3).compose(users -> Future.all(db.group(users), db.group(users), db.group(users)).compose(groups -> {
      UserRef a = users.get(0);
      UserRef b = users.get(1);
      UserRef c = users.get(2);
      GroupRef group = groups.resultAt(0);
      GroupRef silent = groups.resultAt(1);
      GroupRef left = groups.resultAt(2);
      ConvId ab = ConvId.direct(a.id(), b.id());
      ConvId ac = ConvId.direct(a.id(), c.id());
      ConvId g = ConvId.group(group.id());
      seen.put("users", users);
      seen.put("group", group);
      seen.put("convs", List.of(ab, ac, g));
      return db.directMembers(ab).compose(v -> db.directMembers(ac))
          .compose(v -> db.put(ab, 1, a, b.id(), null, "ab1", T + 100))
          .compose(v -> db.put(ab, 2, b, a.id(), null, "ab2", T + 110))
          .compose(v -> db.put(g, 1, c, null, group, "g1", T + 300))
          .compose(v -> db.put(ac, 1, c, a.id(), null, "ac1", T + 200))
          .compose(v -> db.put(ConvId.group(left.id()), 1, b, null, left, "after a left", T + 400))
          .compose(v -> db.leave(left, a))
          .compose(v -> new CursorStore(pool).move(List.of(new CursorMove(a.id(), ab, 1),
              new CursorMove(b.id(), ab, 2))))
          .compose(v -> Future.all(reads.conversations(a.id()), reads.conversations(b.id())));
    })).onComplete(test.succeeding(lists -> test.verify(() -> {
      @SuppressWarnings("unchecked")
      List<UserRef> users = (List<UserRef>) seen.get("users");
      GroupRef group = (GroupRef) seen.get("group");
      @SuppressWarnings("unchecked")
      List<ConvId> convs = (List<ConvId>) seen.get("convs");
      assertEquals(List.of(
          new ConversationEntry(convs.get(2), null, group, 1, T + 300, 0),
          new ConversationEntry(convs.get(1), users.get(2), null, 1, T + 200, 0),
          new ConversationEntry(convs.get(0), users.get(1), null, 2, T + 110, 1)), lists.resultAt(0),
          "a's: the group, then c, then b; not the silent group, nor the one a left");
      List<ConversationEntry> ofB = lists.resultAt(1);
      assertEquals(new ConversationEntry(convs.get(0), users.get(0), null, 2, T + 110, 2),
          ofB.stream().filter(e -> e.conv().equals(convs.get(0))).findFirst().orElseThrow(),
          "b sees a as the other one, and b's own cursor");
      assertEquals(List.of(T + 400, T + 300, T + 110), ofB.stream().map(ConversationEntry::lastTs).toList(),
          "b's: the group a left, the group, a");
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("never move a cursor back, whatever order the moves come in, in one call or many")
  void cursorsNeverBack(VertxTestContext test) {
    Map<String, Object> seen = new HashMap<>();
    CursorStore cursors = new CursorStore(pool);
    db.users(3).compose(users -> {
      UserRef a = users.get(0);
      UserRef b = users.get(1);
      ConvId ab = ConvId.direct(a.id(), b.id());
      ConvId gone = ConvId.group(999_002);
      seen.put("users", users);
      seen.put("ab", ab);
      Future<Void> chain = db.directMembers(ab);
      for (int seq = 1; seq <= 9; seq++) {
        long s = seq;
        chain = chain.compose(v -> db.put(ab, s, b, a.id(), null, "m" + s, T + s));
      }
      return chain
          .compose(v -> cursors.move(List.of(new CursorMove(a.id(), ab, 5))))
          .compose(v -> cursors.move(List.of(new CursorMove(a.id(), ab, 3))))
          .compose(v -> db.rows("SELECT acked_seq FROM conv_member WHERE userid = ? AND conv = ?", a.id(),
              ab.toString()))
          .compose(after -> {
            seen.put("afterBack", after.get(0).getLong(0));
            // One call, two gateways' moves of a in any order, and b's; a group deleted meanwhile.
            return cursors.move(List.of(new CursorMove(a.id(), ab, 8), new CursorMove(a.id(), ab, 6),
                new CursorMove(b.id(), ab, 4), new CursorMove(a.id(), gone, 3)));
          })
          .compose(v -> cursors.move(List.of()))
          .compose(v -> Future.all(
              db.rows("SELECT userid, acked_seq, active FROM conv_member WHERE conv = ? ORDER BY userid",
                  ab.toString()),
              db.rows("SELECT acked_seq, active FROM conv_member WHERE userid = ? AND conv = ?", a.id(),
                  gone.toString()),
              reads.positions(a.id())));
    }).onComplete(test.succeeding(read -> test.verify(() -> {
      @SuppressWarnings("unchecked")
      List<UserRef> users = (List<UserRef>) seen.get("users");
      ConvId ab = (ConvId) seen.get("ab");
      assertEquals(5L, seen.get("afterBack"), "a move below the cursor leaves it");
      Map<Integer, Long> acked = read.<List<Row>>resultAt(0).stream()
          .collect(Collectors.toMap(r -> r.getInteger(0), r -> r.getLong(1)));
      assertEquals(Map.of(users.get(0).id(), 8L, users.get(1).id(), 4L), acked,
          "the greatest move wins within a call");
      List<Row> gone = read.resultAt(1);
      assertEquals(1, gone.size());
      assertFalse(gone.get(0).getBoolean(1), "a move in a conversation without a row makes it inactive");
      assertEquals(List.of(ab + " 8 9 1"), read.<List<ConvPosition>>resultAt(2).stream()
          .map(p -> p.conv() + " " + p.acked() + " " + p.last() + " " + p.unread()).toList(),
          "positions start at the cursor, and know nothing of the inactive row");
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("take a gateway's whole backlog of cursor moves (30,000) in one call")
  void manyCursorMoves(VertxTestContext test) {
    int moves = 30_000;
    // Users far above this class's others: one direct conversation each with user 800000.
    db.sql().query("INSERT INTO conv_member (userid, conv) SELECT 800000 + seq, CONCAT('d:', 800000 + seq, ':', "
            + "900000) FROM seq_1_to_" + moves).execute()
        .compose(v -> {
          List<CursorMove> backlog = new ArrayList<>(moves);
          for (int i = 1; i <= moves; i++) {
            backlog.add(new CursorMove(800_000 + i, ConvId.direct(800_000 + i, 900_000), i % 7 + 1));
          }
          return new CursorStore(pool).move(backlog);
        })
        .compose(v -> db.rows("SELECT COUNT(*), SUM(acked_seq = (userid - 800000) % 7 + 1) FROM conv_member "
            + "WHERE userid > 800000 AND userid <= 830000"))
        .onComplete(test.succeeding(rows -> test.verify(() -> {
          assertEquals((long) moves, rows.get(0).getLong(0));
          assertEquals(moves, rows.get(0).getInteger(1), "every cursor moved");
          test.completeNow();
        })));
  }
}
