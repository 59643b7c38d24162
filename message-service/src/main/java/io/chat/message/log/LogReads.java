package io.chat.message.log;

import io.chat.common.bus.message.ConvHead;
import io.chat.common.bus.message.ConvPosition;
import io.chat.common.bus.message.ConvRange;
import io.chat.common.bus.message.ConversationEntry;
import io.chat.common.bus.message.UserHeads;
import io.chat.common.model.ChatMessage;
import io.chat.common.model.ConvId;
import io.chat.common.model.GroupRef;
import io.chat.common.model.UserRef;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads of the log: where a user stands in each conversation, pages for a session (a login's
 * replay, a gap), a conversation's history, the list of a user's conversations. Only what a
 * user may read is read for them: a direct conversation of theirs, or a group they are a member
 * of, and of a group only what came after they joined.
 */
public final class LogReads {

  private static final String COLUMNS = "m.conv, m.seq, m.msg_id, m.sender, m.sender_name, m.to_user, m.group_name, "
      + "m.text, m.ts";
  /**
   * One statement, so one consistent snapshot: each conversation's last seq and the count of the
   * messages others sent above the user's cursor, up to that seq.
   */
  private static final String POSITIONS = "SELECT c.conv, c.acked_seq, "
      + "(SELECT COALESCE(MAX(m.seq), 0) FROM message m WHERE m.conv = c.conv), "
      + "(SELECT COUNT(*) FROM message m WHERE m.conv = c.conv AND m.seq > c.acked_seq AND m.sender <> c.userid) "
      + "FROM conv_member c WHERE c.userid = ? AND c.active";
  private static final String LATEST = "SELECT " + COLUMNS + " FROM message m WHERE m.conv = ? "
      + "ORDER BY m.seq DESC LIMIT ?";
  private static final String BEFORE = "SELECT " + COLUMNS + " FROM message m WHERE m.conv = ? AND m.seq < ? "
      + "ORDER BY m.seq DESC LIMIT ?";
  private static final String AFTER = "SELECT " + COLUMNS + " FROM message m WHERE m.conv = ? AND m.seq > ? "
      + "ORDER BY m.seq LIMIT ?";
  private static final String CONVERSATIONS = "SELECT v.conv, m.seq, m.ts, c.acked_seq, v.groupid, g.groupname, "
      + "u.id, u.name FROM conv_member c JOIN conversation v ON v.conv = c.conv "
      + "JOIN message m ON m.conv = c.conv AND m.seq = (SELECT MAX(seq) FROM message WHERE conv = c.conv) "
      + "LEFT JOIN allgroup g ON g.id = v.groupid "
      + "LEFT JOIN user u ON u.id = CASE WHEN v.user_low = c.userid THEN v.user_high ELSE v.user_low END "
      + "WHERE c.userid = ? AND c.active ORDER BY m.ts DESC, v.conv";
  private static final String HEAD = "SELECT c.active, (SELECT COALESCE(MAX(seq), 0) FROM message WHERE conv = c.conv) "
      + "FROM conv_member c WHERE c.userid = ? AND c.conv = ?";

  private final Pool pool;

  public LogReads(Pool pool) {
    this.pool = pool;
  }

  /** Every conversation the user can read, with the cursor, the last seq and what the login replays. */
  public Future<List<ConvPosition>> positions(int user) {
    return pool.preparedQuery(POSITIONS).execute(Tuple.of(user)).map(rows -> {
      List<ConvPosition> positions = new ArrayList<>(rows.size());
      for (Row row : rows) {
        positions.add(new ConvPosition(ConvId.parse(row.getString(0)), row.getLong(1), row.getLong(2),
            row.getLong(3)));
      }
      return positions;
    });
  }

  /**
   * Up to limit messages of these ranges that the user may read, oldest first across them (ts,
   * then conversation, then seq; within a conversation that is seq order); with othersOnly,
   * without the user's own.
   */
  public Future<List<ChatMessage>> page(int user, List<ConvRange> ranges, boolean othersOnly, int limit) {
    if (ranges.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    SqlRows bounds = new SqlRows(3);
    ranges.forEach(range -> bounds.add(range.conv().toString(), range.after(), range.upTo()));
    List<Object> params = new ArrayList<>();
    params.add(user);
    params.addAll(bounds.flat());
    if (othersOnly) {
      params.add(user);
    }
    params.add(limit);
    String sql = "SELECT " + COLUMNS + " FROM message m JOIN conv_member c ON c.conv = m.conv AND c.userid = ? "
        + "AND c.active WHERE (" + bounds.joined("(m.conv = ? AND m.seq > ? AND m.seq <= ?)", " OR ")
        + ") AND m.seq > c.joined_seq" + (othersOnly ? " AND m.sender <> ?" : "")
        + " ORDER BY m.ts, m.conv, m.seq LIMIT ?";
    return pool.preparedQuery(sql).execute(Tuple.from(params)).map(LogReads::messages);
  }

  /** A page of history: the latest, those before a seq (both newest last), or those after one. */
  public Future<Page> history(ConvId conv, Long before, Long after, int limit) {
    Future<RowSet<Row>> rows;
    if (after != null) {
      rows = pool.preparedQuery(AFTER).execute(Tuple.of(conv.toString(), after, limit + 1));
    } else if (before != null) {
      rows = pool.preparedQuery(BEFORE).execute(Tuple.of(conv.toString(), before, limit + 1));
    } else {
      rows = pool.preparedQuery(LATEST).execute(Tuple.of(conv.toString(), limit + 1));
    }
    return rows.map(found -> {
      List<ChatMessage> messages = messages(found);
      boolean more = messages.size() > limit;
      if (more) {
        messages = messages.subList(0, limit);
      }
      if (after == null) {
        messages = new ArrayList<>(messages);
        Collections.reverse(messages);
      }
      return new Page(List.copyOf(messages), more);
    });
  }

  /** The user's conversations that hold a message, the most recently active first. */
  public Future<List<ConversationEntry>> conversations(int user) {
    return pool.preparedQuery(CONVERSATIONS).execute(Tuple.of(user)).map(rows -> {
      List<ConversationEntry> entries = new ArrayList<>(rows.size());
      for (Row row : rows) {
        Integer group = row.getInteger(4);
        entries.add(new ConversationEntry(ConvId.parse(row.getString(0)),
            group == null ? new UserRef(row.getInteger(6), row.getString(7)) : null,
            group == null ? null : new GroupRef(group, row.getString(5)), row.getLong(1), row.getLong(2),
            row.getLong(3)));
      }
      return entries;
    });
  }

  /** For each user, the last seq of every conversation they can read, and where their part in it began. */
  public Future<List<UserHeads>> heads(List<Integer> users) {
    SqlRows ids = new SqlRows(1);
    users.forEach(ids::add);
    return pool.preparedQuery("SELECT c.userid, c.conv, (SELECT COALESCE(MAX(seq), 0) FROM message WHERE conv = c.conv), "
            + "c.joined_seq FROM conv_member c WHERE c.active AND c.userid IN (" + ids.values() + ")")
        .execute(ids.tuple()).map(rows -> {
          Map<Integer, List<ConvHead>> byUser = new LinkedHashMap<>();
          users.forEach(user -> byUser.put(user, new ArrayList<>()));
          for (Row row : rows) {
            byUser.get(row.getInteger(0)).add(new ConvHead(ConvId.parse(row.getString(1)), row.getLong(2),
                row.getLong(3)));
          }
          List<UserHeads> heads = new ArrayList<>(byUser.size());
          byUser.forEach((user, convs) -> heads.add(new UserHeads(user, List.copyOf(convs))));
          return heads;
        });
  }

  /**
   * Whether the user may read the conversation, and its last seq: empty when not (no member
   * row, or a group left). A direct conversation of the user with no message yet reads as 0.
   */
  public Future<OptionalLong> lastSeqFor(int user, ConvId conv) {
    return pool.preparedQuery(HEAD).execute(Tuple.of(user, conv.toString())).map(rows -> {
      if (rows.size() == 0) {
        return conv.hasUser(user) ? OptionalLong.of(0) : OptionalLong.empty();
      }
      Row row = rows.iterator().next();
      return row.getBoolean(0) ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
    });
  }

  private static List<ChatMessage> messages(RowSet<Row> rows) {
    List<ChatMessage> messages = new ArrayList<>(rows.size());
    for (Row row : rows) {
      ConvId conv = ConvId.parse(row.getString(0));
      Integer to = row.getInteger(5);
      messages.add(new ChatMessage(conv, row.getLong(1), row.getString(2),
          new UserRef(row.getInteger(3), row.getString(4)), to,
          conv.group() ? new GroupRef(conv.first(), row.getString(6)) : null, row.getString(7), row.getLong(8)));
    }
    return messages;
  }

  /** A page of history, and whether the conversation holds more in that direction. */
  public record Page(List<ChatMessage> messages, boolean more) {
  }
}
