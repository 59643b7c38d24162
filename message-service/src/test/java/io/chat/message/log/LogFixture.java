package io.chat.message.log;

import io.chat.common.model.ConvId;
import io.chat.common.model.GroupRef;
import io.chat.common.model.UserRef;
import io.chat.store.MySqlStore;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.mysqlclient.MySQLConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rows the log tests need, made with SQL in the test class's database (users, groups and their
 * members as the social service would leave them), and reads of the tables for assertions.
 */
final class LogFixture {

  /** A conversation row's last seq and ts, read from its log (the row itself holds neither). */
  static final String HEAD_COLUMNS = "(SELECT COALESCE(MAX(seq), 0) FROM message m WHERE m.conv = conversation.conv), "
      + "(SELECT COALESCE(MAX(ts), 0) FROM message m WHERE m.conv = conversation.conv)";

  private static final AtomicInteger NAMES = new AtomicInteger();

  private final Vertx vertx;
  private final TestStores stores;
  private final SqlClient sql;

  LogFixture(Vertx vertx, TestStores stores) {
    this.vertx = vertx;
    this.stores = stores;
    this.sql = stores.sql(vertx);
  }

  SqlClient sql() {
    return sql;
  }

  /**
   * A connection as the log writer opens its own: the node's connect options (pipelining, so a
   * batch's statements go out together, affected rows).
   */
  Future<SqlConnection> writerConnection() {
    return LogStore.writerConnection(vertx, MySqlStore.connectOptions(stores.config()));
  }

  /** The same, through another port of 127.0.0.1 (a {@code FaultProxy}). */
  Future<SqlConnection> writerConnection(int port) {
    MySQLConnectOptions options = MySqlStore.connectOptions(stores.config()).setHost("127.0.0.1").setPort(port);
    return LogStore.writerConnection(vertx, options);
  }

  Future<UserRef> user() {
    String name = "u" + NAMES.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    return sql.preparedQuery("INSERT INTO user (name, password) VALUES (?, 'x')").execute(Tuple.of(name))
        .map(rows -> new UserRef(rows.property(MySQLClient.LAST_INSERTED_ID).intValue(), name));
  }

  Future<List<UserRef>> users(int count) {
    Future<List<UserRef>> made = Future.succeededFuture(new ArrayList<>());
    for (int i = 0; i < count; i++) {
      made = made.compose(list -> user().map(user -> {
        list.add(user);
        return list;
      }));
    }
    return made;
  }

  /**
   * A group whose members joined before it had any message, as the social service makes it: the
   * group, its {@code groupuser} rows (the first member the creator), a {@code conv_member} row
   * each at seq 0.
   */
  Future<GroupRef> group(List<UserRef> members) {
    String name = "g" + NAMES.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    return sql.preparedQuery("INSERT INTO allgroup (groupname) VALUES (?)").execute(Tuple.of(name))
        .compose(rows -> {
          GroupRef group = new GroupRef(rows.property(MySQLClient.LAST_INSERTED_ID).intValue(), name);
          Future<?> chain = Future.succeededFuture();
          for (int i = 0; i < members.size(); i++) {
            UserRef member = members.get(i);
            String role = i == 0 ? "creator" : "normal";
            chain = chain.compose(v -> sql.preparedQuery(
                    "INSERT INTO groupuser (groupid, userid, grouprole) VALUES (?, ?, ?)")
                .execute(Tuple.of(group.id(), member.id(), role)))
                .compose(v -> join(group, member, 0));
          }
          return chain.map(group);
        });
  }

  /** A member's place in a group's conversation, joined after seq {@code joinedAt} (acked there). */
  Future<Void> join(GroupRef group, UserRef member, long joinedAt) {
    return sql.preparedQuery("INSERT INTO conv_member (userid, conv, acked_seq, joined_seq, active) "
            + "VALUES (?, ?, ?, ?, TRUE) ON DUPLICATE KEY UPDATE acked_seq = VALUES(acked_seq), "
            + "joined_seq = VALUES(joined_seq), active = TRUE")
        .execute(Tuple.of(member.id(), ConvId.group(group.id()).toString(), joinedAt, joinedAt)).mapEmpty();
  }

  /** A member left: the row stays, inactive, as the social service leaves it. */
  Future<Void> leave(GroupRef group, UserRef member) {
    return sql.preparedQuery("DELETE FROM groupuser WHERE groupid = ? AND userid = ?")
        .execute(Tuple.of(group.id(), member.id()))
        .compose(v -> sql.preparedQuery("UPDATE conv_member SET active = FALSE WHERE userid = ? AND conv = ?")
            .execute(Tuple.of(member.id(), ConvId.group(group.id()).toString())))
        .mapEmpty();
  }

  static Draft direct(UserRef from, UserRef to, String text, String cid) {
    return new Draft(ConvId.direct(from.id(), to.id()), from, to.id(), null, text, cid);
  }

  static Draft toGroup(UserRef from, GroupRef group, String text, String cid) {
    return new Draft(ConvId.group(group.id()), from, null, group, text, cid);
  }

  Future<List<Row>> rows(String query, Object... params) {
    return sql.preparedQuery(query).execute(Tuple.from(params)).map(rows -> {
      List<Row> list = new ArrayList<>();
      rows.forEach(list::add);
      return list;
    });
  }

  Future<Long> count(String query, Object... params) {
    return rows(query, params).map(rows -> rows.get(0).getLong(0));
  }

  /** A conversation's stored seqs, in order. */
  Future<List<Long>> seqs(ConvId conv) {
    return rows("SELECT seq FROM message WHERE conv = ? ORDER BY seq", conv.toString())
        .map(rows -> rows.stream().map(row -> row.getLong(0)).toList());
  }

  /** A conversation's head, {@code {last seq, last ts}} of its log, or null when it has no row. */
  Future<long[]> head(ConvId conv) {
    return rows("SELECT " + HEAD_COLUMNS + " FROM conversation WHERE conv = ?", conv.toString())
        .map(rows -> rows.isEmpty() ? null : new long[] {rows.get(0).getLong(0), rows.get(0).getLong(1)});
  }

  /** Puts a message in the log directly (for the reads' tests, which choose the ts), with its conversation's row. */
  Future<Void> put(ConvId conv, long seq, UserRef from, Integer to, GroupRef group, String text, long ts) {
    return sql.preparedQuery("INSERT INTO message (conv, seq, msg_id, sender, sender_name, to_user, group_name, "
            + "text, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.from(new Object[] {conv.toString(), seq, "t-" + conv + "-" + seq, from.id(), from.name(), to,
            group == null ? null : group.name(), text, ts}))
        .compose(v -> sql.preparedQuery("INSERT IGNORE INTO conversation (conv, user_low, user_high, groupid) "
                + "VALUES (?, ?, ?, ?)")
            .execute(Tuple.from(new Object[] {conv.toString(), conv.group() ? null : conv.first(),
                conv.group() ? null : conv.second(), conv.group() ? conv.first() : null})))
        .mapEmpty();
  }

  /** A direct conversation's member rows, as its first message makes them. */
  Future<Void> directMembers(ConvId conv) {
    return sql.preparedQuery("INSERT IGNORE INTO conv_member (userid, conv) VALUES (?, ?), (?, ?)")
        .execute(Tuple.of(conv.first(), conv.toString(), conv.second(), conv.toString())).mapEmpty();
  }
}
