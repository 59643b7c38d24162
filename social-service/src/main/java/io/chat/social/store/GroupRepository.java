package io.chat.social.store;

import io.chat.common.model.ConvId;
import io.chat.common.model.GroupEntry;
import io.chat.common.model.GroupMember;
import io.chat.common.model.GroupRole;
import io.chat.common.model.UserRef;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.common.protocol.Errors;
import io.chat.store.SqlErrors;
import io.vertx.core.Future;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code allgroup} and {@code groupuser} tables. Joining and deleting both lock the
 * group's row first (shared for a join, exclusive for a delete), so a join racing a delete
 * either lands before it (and is deleted with the group) or finds no group: never a
 * membership of a group that is gone.
 *
 * <p>A membership is also a place in the group's conversation ({@code conv_member}), changed in
 * the same transaction: joining starts the member's cursor at the group's last seq (so they are
 * owed what is sent from then on), leaving ends their reading of it, deleting the group removes
 * its log.
 */
public final class GroupRepository {

  private static final String BY_ID = "SELECT id, groupname, groupdesc FROM allgroup WHERE id = ?";
  // The _bin collation ignores trailing spaces (PAD SPACE): equal length makes the match exact.
  private static final String BY_NAME = "SELECT id, groupname, groupdesc FROM allgroup "
      + "WHERE groupname = ? AND CHAR_LENGTH(groupname) = CHAR_LENGTH(?)";
  private static final String INSERT_GROUP = "INSERT INTO allgroup (groupname, groupdesc) VALUES (?, ?)";
  private static final String INSERT_MEMBER =
      "INSERT INTO groupuser (groupid, userid, grouprole) VALUES (?, ?, ?)";
  private static final String GROUPS_OF = "SELECT g.id, g.groupname, g.groupdesc, gu.grouprole "
      + "FROM groupuser gu JOIN allgroup g ON g.id = gu.groupid WHERE gu.userid = ? ORDER BY g.id";
  private static final String MEMBERS = "SELECT u.id, u.name, gu.grouprole FROM groupuser gu "
      + "JOIN user u ON u.id = gu.userid WHERE gu.groupid = ? ORDER BY u.id";
  private static final String MEMBER_IDS = "SELECT userid FROM groupuser WHERE groupid = ?";
  private static final String ROLE = "SELECT grouprole FROM groupuser WHERE groupid = ? AND userid = ?";
  private static final String LOCK_SHARED = "SELECT id FROM allgroup WHERE id = ? LOCK IN SHARE MODE";
  private static final String LOCK_EXCLUSIVE = "SELECT id FROM allgroup WHERE id = ? FOR UPDATE";
  private static final String LEAVE =
      "DELETE FROM groupuser WHERE groupid = ? AND userid = ? AND grouprole = 'normal'";
  private static final String DELETE_MEMBERS = "DELETE FROM groupuser WHERE groupid = ?";
  private static final String DELETE_GROUP = "DELETE FROM allgroup WHERE id = ?";
  // The group's conversation: a member's cursor starts at the group's last seq when they join,
  // a member who leaves no longer reads it, and a deleted group's log goes with it.
  private static final String LAST_SEQ = "SELECT COALESCE(MAX(seq), 0) FROM message WHERE conv = ?";
  private static final String JOIN_CONVERSATION = "INSERT INTO conv_member (userid, conv, acked_seq, joined_seq, "
      + "active) VALUES (?, ?, ?, ?, TRUE) ON DUPLICATE KEY UPDATE acked_seq = VALUES(acked_seq), "
      + "joined_seq = VALUES(joined_seq), active = TRUE";
  private static final String LEAVE_CONVERSATION = "UPDATE conv_member SET active = FALSE WHERE userid = ? AND conv = ?";
  private static final String DELETE_CONVERSATION_MEMBERS = "DELETE FROM conv_member WHERE conv = ?";
  private static final String DELETE_CONVERSATION = "DELETE FROM conversation WHERE conv = ?";
  private static final String DELETE_LOG = "DELETE FROM message WHERE conv = ?";

  private final Pool pool;

  public GroupRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<GroupRow> byId(int id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(GroupRepository::firstGroup);
  }

  public Future<GroupRow> byName(String name) {
    return pool.preparedQuery(BY_NAME).execute(Tuple.of(name, name)).map(GroupRepository::firstGroup);
  }

  /** Creates a group with its creator as first member; a taken name is {@code group_name_taken}. */
  public Future<GroupRow> create(String name, String desc, int creator) {
    return pool.withTransaction(tx -> tx.preparedQuery(INSERT_GROUP).execute(Tuple.of(name, desc))
            .compose(rows -> {
              int id = rows.property(MySQLClient.LAST_INSERTED_ID).intValue();
              return tx.preparedQuery(INSERT_MEMBER).execute(Tuple.of(id, creator, GroupRole.CREATOR.wireName()))
                  .compose(member -> tx.preparedQuery(JOIN_CONVERSATION).execute(Tuple.of(creator, conv(id), 0, 0)))
                  .map(new GroupRow(id, name, desc));
            }))
        .recover(failure -> Future.failedFuture(SqlErrors.is(failure, SqlErrors.DUPLICATE_KEY)
            ? new ChatException(ErrorCode.GROUP_NAME_TAKEN, "the group name " + name + " is taken")
            : failure));
  }

  /** The groups of a user with the user's role in each. */
  public Future<List<GroupEntry>> groupsOf(int userId) {
    return pool.preparedQuery(GROUPS_OF).execute(Tuple.of(userId)).map(rows -> {
      List<GroupEntry> groups = new ArrayList<>(rows.size());
      for (Row row : rows) {
        groups.add(new GroupRow(row.getInteger(0), row.getString(1), row.getString(2))
            .as(GroupRole.ofWireName(row.getString(3))));
      }
      return groups;
    });
  }

  /** The members with their roles; online flags come from presence, so they are false here. */
  public Future<List<GroupMember>> members(int groupId) {
    return pool.preparedQuery(MEMBERS).execute(Tuple.of(groupId)).map(rows -> {
      List<GroupMember> members = new ArrayList<>(rows.size());
      for (Row row : rows) {
        members.add(new GroupMember(new UserRef(row.getInteger(0), row.getString(1)),
            GroupRole.ofWireName(row.getString(2)), false));
      }
      return members;
    });
  }

  public Future<List<Integer>> memberIds(int groupId) {
    return memberIds(pool, groupId);
  }

  /** The user's role in the group, or null when not a member. */
  public Future<GroupRole> role(int groupId, int userId) {
    return role(pool, groupId, userId);
  }

  /** Adds a normal member; {@code no_such_group} if the group is gone, {@code already_member}. */
  public Future<Void> join(int groupId, int userId) {
    return pool.withTransaction(tx -> tx.preparedQuery(LOCK_SHARED).execute(Tuple.of(groupId))
        .compose(locked -> {
          if (locked.size() == 0) {
            return Future.failedFuture(Errors.noSuchGroup());
          }
          return tx.preparedQuery(INSERT_MEMBER).execute(Tuple.of(groupId, userId, GroupRole.NORMAL.wireName()))
              .recover(failure -> Future.failedFuture(SqlErrors.is(failure, SqlErrors.DUPLICATE_KEY)
                  ? new ChatException(ErrorCode.ALREADY_MEMBER, "you are already a member of this group")
                  : failure))
              .compose(member -> tx.preparedQuery(LAST_SEQ).execute(Tuple.of(conv(groupId))))
              .compose(last -> {
                long seq = last.iterator().next().getLong(0);
                return tx.preparedQuery(JOIN_CONVERSATION).execute(Tuple.of(userId, conv(groupId), seq, seq));
              })
              .<Void>mapEmpty();
        }));
  }

  /** Removes a normal member; the creator gets {@code is_creator}, others {@code not_member}. */
  public Future<Void> leave(int groupId, int userId) {
    return pool.withTransaction(tx -> tx.preparedQuery(LEAVE).execute(Tuple.of(groupId, userId)).compose(rows -> {
      if (rows.rowCount() > 0) {
        return tx.preparedQuery(LEAVE_CONVERSATION).execute(Tuple.of(userId, conv(groupId))).<Void>mapEmpty();
      }
      return role(tx, groupId, userId).compose(role -> Future.failedFuture(role == GroupRole.CREATOR
          ? new ChatException(ErrorCode.IS_CREATOR, "the creator cannot leave the group; delete it instead")
          : Errors.notMember()));
    }));
  }

  /**
   * Deletes a group and its memberships, for its creator only. Returns the ids of the members
   * it had, for the {@code group_deleted} event.
   */
  public Future<List<Integer>> delete(int groupId, int userId) {
    return pool.withTransaction(tx -> tx.preparedQuery(LOCK_EXCLUSIVE).execute(Tuple.of(groupId))
        .compose(locked -> locked.size() == 0
            ? Future.failedFuture(Errors.noSuchGroup())
            : role(tx, groupId, userId))
        .compose(role -> {
          if (role == null) {
            return Future.failedFuture(Errors.notMember());
          }
          if (role != GroupRole.CREATOR) {
            return Future.failedFuture(
                new ChatException(ErrorCode.NOT_CREATOR, "only the creator may delete the group"));
          }
          return memberIds(tx, groupId);
        })
        .compose(members -> tx.preparedQuery(DELETE_MEMBERS).execute(Tuple.of(groupId))
            .compose(done -> tx.preparedQuery(DELETE_GROUP).execute(Tuple.of(groupId)))
            .compose(done -> tx.preparedQuery(DELETE_CONVERSATION_MEMBERS).execute(Tuple.of(conv(groupId))))
            .compose(done -> tx.preparedQuery(DELETE_CONVERSATION).execute(Tuple.of(conv(groupId))))
            .compose(done -> tx.preparedQuery(DELETE_LOG).execute(Tuple.of(conv(groupId))))
            .map(members)));
  }

  private static String conv(int groupId) {
    return ConvId.group(groupId).toString();
  }

  private static Future<List<Integer>> memberIds(SqlClient client, int groupId) {
    return client.preparedQuery(MEMBER_IDS).execute(Tuple.of(groupId)).map(Rows::ids);
  }

  private static Future<GroupRole> role(SqlClient client, int groupId, int userId) {
    return client.preparedQuery(ROLE).execute(Tuple.of(groupId, userId))
        .map(rows -> rows.size() == 0 ? null : GroupRole.ofWireName(rows.iterator().next().getString(0)));
  }

  private static GroupRow firstGroup(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row row = rows.iterator().next();
    return new GroupRow(row.getInteger(0), row.getString(1), row.getString(2));
  }
}
