package io.chat.message.log;

import io.chat.common.bus.message.Sent;
import io.chat.common.model.ChatMessage;
import io.chat.common.model.ConvId;
import io.chat.store.SqlErrors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.mysqlclient.MySQLConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Writes batches of drafts to the log, each batch in one transaction: each fresh draft takes the
 * next seq of its conversation, and the messages and their cids go in with one multi-row
 * statement per table. A batch commits whole or not at all, so a failed one takes no seq and
 * leaves no row.
 *
 * <p>How seqs stay gap-free and unique with no lock on the common path: this store remembers
 * the last seq it committed in each conversation, and numbers on from there; a conversation it
 * does not know yet is read from the log ({@code MAX(seq)}). The log's key is (conv, seq), so if
 * another node's message service wrote the conversation meanwhile, the two cannot both commit
 * a seq: this batch fails on the duplicate key, forgets what it knew of its conversations, and
 * is written again with the heads read afresh. A conversation that met such a race is numbered
 * under locks for a while (its {@code conversation} row, and its last message with the gap after
 * it, read {@code FOR UPDATE}): the other node's batch in flight is waited for, its next one meets
 * the duplicate key and locks too, and both nodes take turns instead of racing; on its own again
 * after that.
 *
 * <p>Use from one context (its log writer's): the heads are its state.
 *
 * <p>Just over 300 lines: one transaction's statements, each kept next to the step that needs it.
 */
public final class LogStore {

  /** How long a cid names its message: a repeat within this time is a duplicate. */
  public static final long CID_LIFETIME_MILLIS = 24 * 3_600_000L;

  private static final String COMMIT = "COMMIT";
  private static final String ROLLBACK = "ROLLBACK";
  private static final int ATTEMPTS = 5;
  private static final long CONTENDED_MILLIS = 30_000;
  private static final IllegalStateException ABANDONED = new IllegalStateException("the batch took too long");

  private final Supplier<String> msgIds;
  /** The last committed seq and ts of each conversation this store wrote (only while it knows them). */
  private final Map<String, Head> heads = new LruHeads();
  /** Conversations another node wrote at the same time, numbered under a row lock until then. */
  private final Map<String, Long> contendedUntil = new HashMap<>();

  /** @param msgIds gives each new message its cluster-unique id */
  public LogStore(Supplier<String> msgIds) {
    this.msgIds = msgIds;
  }

  /**
   * Appends the drafts in their order, on this connection (a {@link #writerConnection}); the
   * outcomes come back in the same order. Once {@code abandoned} says so (the writer gave up waiting), the transaction is rolled
   * back instead of committed, however late its statements are answered.
   */
  public Future<List<Appended>> append(SqlConnection connection, List<Draft> drafts, BooleanSupplier abandoned) {
    return append(connection, drafts, abandoned, 1);
  }

  /**
   * A connection for a log writer: one of its own, with autocommit off. A deadlock ends the
   * transaction on the server at once, while the batch's later statements are already on their
   * way (pipelined): with autocommit on, each of them would then commit by itself (a cid naming
   * no message, a seq taken twice or skipped). With it off they fall into a transaction of their
   * own, which the batch's rollback discards.
   */
  public static Future<SqlConnection> writerConnection(Vertx vertx, MySQLConnectOptions options) {
    return MySQLConnection.connect(vertx, options)
        .compose(connection -> connection.query("SET autocommit = 0").execute()
            .map((SqlConnection) connection)
            .recover(failed -> connection.close().transform(closed -> Future.failedFuture(failed))));
  }

  private static Future<Void> end(SqlConnection connection, String statement) {
    return connection.query(statement).execute().mapEmpty();
  }

  /** Forgets the cids older than their lifetime, a bounded number per call; completes with how many went. */
  public static Future<Integer> purgeCids(Pool pool, int limit) {
    return pool.preparedQuery("DELETE FROM message_cid WHERE ts < ? LIMIT ?")
        .execute(Tuple.of(System.currentTimeMillis() - CID_LIFETIME_MILLIS, limit))
        .map(rows -> rows.rowCount());
  }

  private Future<List<Appended>> append(SqlConnection connection, List<Draft> drafts, BooleanSupplier abandoned,
      int attempt) {
    List<String> convs = drafts.stream().map(draft -> draft.conv().toString()).distinct().sorted().toList();
    // The connection has autocommit off (writerConnection): the first statement opens the
    // transaction, and no BEGIN goes out per batch.
    return write(connection, drafts, convs, abandoned)
        .compose(plan -> abandoned.getAsBoolean() ? Future.failedFuture(ABANDONED) : end(connection, COMMIT).map(plan))
        .recover(failure -> end(connection, ROLLBACK).otherwiseEmpty().compose(rolledBack -> Future.failedFuture(failure)))
        .map(plan -> {
          heads.putAll(plan.heads());
          return plan.outcomes();
        })
        .recover(failure -> {
          convs.forEach(heads::remove);
          boolean raced = SqlErrors.is(failure, SqlErrors.DUPLICATE_KEY) || SqlErrors.is(failure, SqlErrors.DEADLOCK);
          if (raced) {
            long until = System.currentTimeMillis() + CONTENDED_MILLIS;
            convs.forEach(conv -> contendedUntil.put(conv, until));
          }
          return raced && attempt < ATTEMPTS && !abandoned.getAsBoolean()
              ? append(connection, drafts, abandoned, attempt + 1)
              : Future.failedFuture(failure);
        });
  }

  private Future<Plan> write(SqlConnection tx, List<Draft> drafts, List<String> convs, BooleanSupplier abandoned) {
    long now = System.currentTimeMillis();
    contendedUntil.values().removeIf(until -> until < now);
    List<String> contended = convs.stream().filter(contendedUntil::containsKey).toList();
    List<String> unknown = convs.stream().filter(conv -> !contended.contains(conv) && !heads.containsKey(conv)).toList();
    return lockRows(tx, contended)
        .compose(locked -> Future.all(readHeads(tx, unknown), lockHeads(tx, contended), earlierCids(tx, drafts)))
        .compose(read -> {
          if (abandoned.getAsBoolean()) {
            return Future.failedFuture(ABANDONED);
          }
          Map<String, Head> found = new HashMap<>(read.<Map<String, Head>>resultAt(0));
          found.putAll(read.<Map<String, Head>>resultAt(1));
          Map<CidKey, Sent> cids = read.resultAt(2);
          Map<String, Head> start = new HashMap<>();
          for (String conv : convs) {
            start.put(conv, heads.containsKey(conv) && !contended.contains(conv) ? heads.get(conv)
                : found.getOrDefault(conv, Head.NONE));
          }
          long cutoff = now - CID_LIFETIME_MILLIS;
          List<CidKey> expired = cids.keySet().stream().filter(key -> cids.get(key).ts() < cutoff).toList();
          expired.forEach(cids::remove);
          Plan plan = plan(drafts, start, cids, now);
          List<Future<?>> writes = new ArrayList<>();
          if (!expired.isEmpty()) {
            writes.add(deleteCids(tx, expired));
          }
          writes.addAll(insertMessages(tx, plan.fresh()));
          writes.addAll(insertCids(tx, plan.cids()));
          List<ConvId> begun = plan.fresh().stream().filter(message -> message.seq() == 1).map(ChatMessage::conv)
              .distinct().toList();
          if (!begun.isEmpty()) {
            writes.add(addConversations(tx, begun));
          }
          return Future.all(writes).map(plan);
        });
  }

  /**
   * Numbers the fresh drafts: the next seq of the conversation, and a ts that never goes below
   * the conversation's last one (so seq order and ts order agree). A draft repeating a cid of the
   * log, or of an earlier draft of this batch, takes nothing and answers as that message.
   */
  private Plan plan(List<Draft> drafts, Map<String, Head> start, Map<CidKey, Sent> earlier, long now) {
    Map<String, Head> next = new HashMap<>(start);
    List<Appended> outcomes = new ArrayList<>(drafts.size());
    List<ChatMessage> fresh = new ArrayList<>(drafts.size());
    Map<CidKey, ChatMessage> cids = new LinkedHashMap<>();
    for (Draft draft : drafts) {
      CidKey key = draft.cid() == null ? null : new CidKey(draft.from().id(), draft.cid());
      if (key != null && earlier.containsKey(key)) {
        outcomes.add(Appended.repeat(earlier.get(key)));
        continue;
      }
      if (key != null && cids.containsKey(key)) {
        outcomes.add(Appended.repeat(Appended.fresh(cids.get(key)).reply()));
        continue;
      }
      String conv = draft.conv().toString();
      Head head = next.get(conv);
      Head taken = new Head(head.seq() + 1, Math.max(now, head.ts()));
      next.put(conv, taken);
      ChatMessage message = new ChatMessage(draft.conv(), taken.seq(), msgIds.get(), draft.from(), draft.to(),
          draft.group(), draft.text(), taken.ts());
      fresh.add(message);
      if (key != null) {
        cids.put(key, message);
      }
      outcomes.add(Appended.fresh(message));
    }
    return new Plan(outcomes, fresh, cids, next);
  }

  /** The rows of contended conversations, locked in one order (their text) so batches do not deadlock. */
  private static Future<Void> lockRows(SqlConnection tx, List<String> convs) {
    if (convs.isEmpty()) {
      return Future.succeededFuture();
    }
    SqlRows keys = new SqlRows(1);
    convs.forEach(keys::add);
    return tx.preparedQuery("SELECT conv FROM conversation WHERE conv IN (" + keys.values() + ") FOR UPDATE")
        .execute(keys.tuple()).mapEmpty();
  }

  /** The last seq and ts of these conversations in the log; one with no message is missing from the answer. */
  private static Future<Map<String, Head>> readHeads(SqlConnection tx, List<String> convs) {
    if (convs.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    SqlRows keys = new SqlRows(1);
    convs.forEach(keys::add);
    return tx.preparedQuery("SELECT m.conv, m.seq, m.ts FROM message m JOIN (SELECT conv, MAX(seq) AS seq FROM message "
            + "WHERE conv IN (" + keys.values() + ") GROUP BY conv) last ON m.conv = last.conv AND m.seq = last.seq")
        .execute(keys.tuple()).map(rows -> {
          Map<String, Head> found = new HashMap<>();
          for (Row row : rows) {
            found.put(row.getString(0), new Head(row.getLong(1), row.getLong(2)));
          }
          return found;
        });
  }

  /**
   * The last seq and ts of contended conversations, each read with a lock on its last message and
   * the gap after it: the read waits for a batch of the other node that is writing the
   * conversation, sees what it committed, and keeps that node's next batch from numbering on
   * until this one commits (that batch then meets the duplicate key and turns to this way too).
   * Without it, a node that raced would read around the other's uncommitted rows and could lose
   * every attempt while the other, which never lost, kept writing.
   */
  private static Future<Map<String, Head>> lockHeads(SqlConnection tx, List<String> convs) {
    Map<String, Head> found = new HashMap<>();
    List<Future<?>> reads = new ArrayList<>();
    for (String conv : convs) {
      reads.add(tx.preparedQuery("SELECT seq, ts FROM message WHERE conv = ? ORDER BY seq DESC LIMIT 1 FOR UPDATE")
          .execute(Tuple.of(conv)).onSuccess(rows -> rows.forEach(row -> found.put(conv,
              new Head(row.getLong(0), row.getLong(1))))));
    }
    return Future.all(reads).map(found);
  }

  private static Future<Map<CidKey, Sent>> earlierCids(SqlConnection tx, List<Draft> drafts) {
    SqlRows keys = new SqlRows(2);
    drafts.stream().filter(draft -> draft.cid() != null).forEach(draft -> keys.add(draft.from().id(), draft.cid()));
    if (keys.isEmpty()) {
      return Future.succeededFuture(new HashMap<>());
    }
    return tx.preparedQuery("SELECT sender, cid, conv, seq, msg_id, ts FROM message_cid WHERE "
            + keys.joined("(sender = ? AND cid = ?)", " OR "))
        .execute(keys.tuple()).map(rows -> {
          Map<CidKey, Sent> found = new HashMap<>();
          for (Row row : rows) {
            found.put(new CidKey(row.getInteger(0), row.getString(1)),
                new Sent(row.getString(4), row.getLong(5), ConvId.parse(row.getString(2)), row.getLong(3), false));
          }
          return found;
        });
  }

  private static Future<?> deleteCids(SqlConnection tx, List<CidKey> expired) {
    SqlRows keys = new SqlRows(2);
    expired.forEach(key -> keys.add(key.sender(), key.cid()));
    return tx.preparedQuery("DELETE FROM message_cid WHERE " + keys.joined("(sender = ? AND cid = ?)", " OR "))
        .execute(keys.tuple());
  }

  /** The messages' rows, in as few statements as {@link Chunks} makes (also the v1 upgrade's). */
  static List<Future<?>> insertMessages(SqlConnection tx, List<ChatMessage> messages) {
    return insertChunked(tx, messages, 9,
        "INSERT INTO message (conv, seq, msg_id, sender, sender_name, to_user, group_name, text, ts) VALUES ",
        message -> new Object[] {message.conv().toString(), message.seq(), message.msgId(), message.from().id(),
            message.from().name(), message.to(), message.group() == null ? null : message.group().name(),
            message.text(), message.ts()});
  }

  private static List<Future<?>> insertCids(SqlConnection tx, Map<CidKey, ChatMessage> cids) {
    return insertChunked(tx, List.copyOf(cids.entrySet()), 6,
        "INSERT INTO message_cid (sender, cid, conv, seq, msg_id, ts) VALUES ",
        entry -> new Object[] {entry.getKey().sender(), entry.getKey().cid(), entry.getValue().conv().toString(),
            entry.getValue().seq(), entry.getValue().msgId(), entry.getValue().ts()});
  }

  /** Rows that must not repeat (their keys are unique) go in chunks of a few sizes instead of padded. */
  private static <T> List<Future<?>> insertChunked(SqlConnection tx, List<T> items, int perRow, String insert,
      Function<T, Object[]> row) {
    List<Future<?>> inserts = new ArrayList<>();
    for (int[] chunk : Chunks.of(items.size())) {
      SqlRows rows = SqlRows.exact(perRow);
      items.subList(chunk[0], chunk[1]).forEach(item -> rows.add(row.apply(item)));
      inserts.add(tx.preparedQuery(insert + rows.values()).execute(rows.tuple()));
    }
    return inserts;
  }

  /**
   * A conversation's first message makes its row (who it is between) and, for a direct one, its
   * two members' rows (cursors at 0). A group's members have theirs since they joined.
   */
  private static Future<?> addConversations(SqlConnection tx, List<ConvId> begun) {
    SqlRows rows = new SqlRows(4);
    SqlRows members = new SqlRows(2);
    for (ConvId conv : begun) {
      rows.add(conv.toString(), conv.group() ? null : conv.first(), conv.group() ? null : conv.second(),
          conv.group() ? conv.first() : null);
      if (!conv.group()) {
        members.add(conv.first(), conv.toString()).add(conv.second(), conv.toString());
      }
    }
    Future<?> conversations = tx.preparedQuery("INSERT IGNORE INTO conversation (conv, user_low, user_high, groupid) "
        + "VALUES " + rows.values()).execute(rows.tuple());
    return members.isEmpty() ? conversations : Future.all(conversations, tx.preparedQuery(
        "INSERT IGNORE INTO conv_member (userid, conv) VALUES " + members.values()).execute(members.tuple()));
  }

  private record Head(long seq, long ts) {
    static final Head NONE = new Head(0, 0);
  }

  private record CidKey(int sender, String cid) {
  }

  private record Plan(List<Appended> outcomes, List<ChatMessage> fresh, Map<CidKey, ChatMessage> cids,
      Map<String, Head> heads) {
  }

  /** At most this many conversations' heads are remembered; one forgotten is read again when it is next written. */
  private static final class LruHeads extends LinkedHashMap<String, Head> {
    private static final int MAX = 200_000;

    LruHeads() {
      super(1024, 0.75f, true);
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Head> eldest) {
      return size() > MAX;
    }
  }
}
