package io.chat.message.log;

import io.chat.common.model.ChatMessage;
import io.chat.common.model.ConvId;
import io.chat.common.model.GroupRef;
import io.chat.common.model.UserRef;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the messages a v1 database stored for users who were away ({@code offlinemessage}, one
 * copy per recipient) into the log, at the first start of a node that runs the message service:
 * one entry per message (by its msg_id), numbered after whatever its conversation already holds,
 * in the order they were sent. Each member's cursor is set just below the first message stored
 * for them in that conversation, so everything they had not received is replayed at their next
 * login; a member who had nothing stored there is taken to have received it all. (Between two of
 * a member's stored messages there may be one they got live in v1: it is replayed too, flagged
 * {@code offline}, never lost.) All of it is one transaction that empties the table, so a second
 * node starting at the same time finds nothing left to move.
 */
public final class V1Upgrade {

  private static final Logger LOG = LoggerFactory.getLogger(V1Upgrade.class);

  private final Supplier<Future<SqlConnection>> connector;

  /** @param connector opens the connection the upgrade runs on (a {@link LogStore#writerConnection}; closed after) */
  public V1Upgrade(Supplier<Future<SqlConnection>> connector) {
    this.connector = connector;
  }

  /**
   * Completes with how many messages moved (0 when there was nothing to move). On a connection
   * of its own with autocommit off, as the log writer's: a deadlock ends a transaction on the
   * server, and statements still on their way must not commit one by one after it.
   */
  public Future<Integer> run() {
    return connector.get().compose(connection -> connection.begin()
            .compose(tx -> upgrade(connection)
                .compose(moved -> tx.commit().map(moved))
                .recover(failure -> tx.rollback().otherwiseEmpty().compose(rolledBack -> Future.failedFuture(failure))))
            .eventually(connection::close))
        .onSuccess(moved -> {
          if (moved > 0) {
            LOG.info("moved {} messages stored by protocol v1 into the conversation log", moved);
          }
        });
  }

  private Future<Integer> upgrade(SqlConnection tx) {
    return tx.query("SELECT id, userid, message FROM offlinemessage ORDER BY id FOR UPDATE")
        .execute()
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(0);
          }
          Map<String, Stored> byMsgId = new LinkedHashMap<>();
          long lastRow = 0;
          for (Row row : rows) {
            lastRow = row.getLong(0);
            JsonObject event = new JsonObject(row.getString(2));
            byMsgId.computeIfAbsent(event.getString("msg_id"), id -> new Stored(event, new TreeSet<>()))
                .recipients().add(row.getInteger(1));
          }
          List<Stored> stored = new ArrayList<>(byMsgId.values());
          stored.sort(Comparator.comparingLong(entry -> entry.event().getLong("ts")));
          long upTo = lastRow;
          return move(tx, stored)
              .compose(moved -> tx.preparedQuery("DELETE FROM offlinemessage WHERE id <= ?").execute(Tuple.of(upTo))
                  .map(moved));
        });
  }

  private Future<Integer> move(SqlConnection tx, List<Stored> stored) {
    List<String> convs = stored.stream().map(entry -> conv(entry.event()).toString()).distinct().toList();
    return chunked(tx, convs, 1, rows -> "SELECT conv, MAX(seq) FROM message WHERE conv IN (" + rows.values()
            + ") GROUP BY conv", conv -> new Object[] {conv})
        .compose(heads -> {
          Map<String, Long> last = new HashMap<>();
          heads.forEach(row -> last.put(row.getString(0), row.getLong(1)));
          List<ChatMessage> messages = new ArrayList<>(stored.size());
          Map<String, Map<Integer, Long>> firstStored = new LinkedHashMap<>();
          for (Stored entry : stored) {
            ChatMessage message = message(entry.event(), last.merge(conv(entry.event()).toString(), 1L, Long::sum));
            messages.add(message);
            Map<Integer, Long> firsts = firstStored.computeIfAbsent(message.conv().toString(), c -> new HashMap<>());
            entry.recipients().forEach(user -> firsts.putIfAbsent(user, message.seq()));
          }
          return writeLog(tx, messages).compose(written -> setCursors(tx, messages, last, firstStored))
              .map(messages.size());
        });
  }

  private static Future<Void> writeLog(SqlConnection tx, List<ChatMessage> messages) {
    List<Future<?>> writes = new ArrayList<>(LogStore.insertMessages(tx, messages));
    List<ConvId> convs = messages.stream().map(ChatMessage::conv).distinct().toList();
    writes.add(chunked(tx, convs, 4,
        rows -> "INSERT IGNORE INTO conversation (conv, user_low, user_high, groupid) VALUES " + rows.values(),
        conv -> new Object[] {conv.toString(), conv.group() ? null : conv.first(), conv.group() ? null : conv.second(),
            conv.group() ? conv.first() : null}));
    return Future.all(writes).mapEmpty();
  }

  /**
   * Members with a stored message in a conversation get their cursor just below the first one;
   * the others (the senders, members who were online) have all of it.
   */
  private static Future<Void> setCursors(SqlConnection tx, List<ChatMessage> messages, Map<String, Long> last,
      Map<String, Map<Integer, Long>> firstStored) {
    return chunked(tx, List.copyOf(firstStored.keySet()), 1,
            convs -> "SELECT userid, conv FROM conv_member WHERE active AND conv IN (" + convs.values() + ")",
            conv -> new Object[] {conv})
        .compose(members -> {
          Map<String, Set<Integer>> everyone = new HashMap<>();
          members.forEach(row -> everyone.computeIfAbsent(row.getString(1), c -> new TreeSet<>()).add(row.getInteger(0)));
          for (ChatMessage message : messages) {
            if (!message.conv().group()) {
              everyone.computeIfAbsent(message.conv().toString(), c -> new TreeSet<>())
                  .addAll(List.of(message.conv().first(), message.conv().second()));
            }
          }
          List<Object[]> cursors = new ArrayList<>();
          everyone.forEach((conv, users) -> users.forEach(user -> {
            Long first = firstStored.get(conv).get(user);
            cursors.add(new Object[] {user, conv, first == null ? last.get(conv) : first - 1});
          }));
          return chunked(tx, cursors, 3, rows -> "INSERT INTO conv_member (userid, conv, acked_seq) VALUES "
              + rows.values() + " ON DUPLICATE KEY UPDATE acked_seq = VALUES(acked_seq)", row -> row).mapEmpty();
        });
  }

  /**
   * One statement per chunk of the items, all sent at once, and the rows they all found. A v1
   * table may hold messages for many thousands of conversations, and one statement takes at most
   * 65,535 placeholders: chunks of at most {@link Chunks#MAX} rows stay far below that.
   */
  private static <T> Future<List<Row>> chunked(SqlConnection tx, List<T> items, int perRow,
      Function<SqlRows, String> statement, Function<T, Object[]> row) {
    List<Future<RowSet<Row>>> parts = new ArrayList<>();
    for (int[] chunk : Chunks.of(items.size())) {
      SqlRows rows = new SqlRows(perRow);
      items.subList(chunk[0], chunk[1]).forEach(item -> rows.add(row.apply(item)));
      parts.add(tx.preparedQuery(statement.apply(rows)).execute(rows.tuple()));
    }
    return Future.all(parts).map(all -> {
      List<Row> found = new ArrayList<>();
      parts.forEach(part -> part.result().forEach(found::add));
      return found;
    });
  }

  private static ConvId conv(JsonObject event) {
    JsonObject group = event.getJsonObject("group");
    return group != null ? ConvId.group(group.getInteger("id"))
        : ConvId.direct(event.getJsonObject("from").getInteger("id"), event.getInteger("to"));
  }

  private static ChatMessage message(JsonObject event, long seq) {
    JsonObject group = event.getJsonObject("group");
    return new ChatMessage(conv(event), seq, event.getString("msg_id"), UserRef.fromJson(event.getJsonObject("from")),
        group == null ? event.getInteger("to") : null, group == null ? null : GroupRef.fromJson(group),
        event.getString("text"), event.getLong("ts"));
  }

  /** One v1 message and the users it was stored for. */
  private record Stored(JsonObject event, Set<Integer> recipients) {
  }
}
