package io.chat.message.presence;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * Keeps {@code user.state} in step with the presence registry, for tools that read MySQL. Each
 * update carries the version of the registry change it follows and is applied only over an
 * older one: updates of one user made at once, on two pool connections or by two nodes (a login
 * on one and the last logout on another), may commit in any order, and the newest change still
 * decides.
 */
public final class UserStates {

  private static final String SET_STATE =
      "UPDATE user SET state = ?, state_version = ? WHERE id = ? AND state_version < ?";

  private final Pool pool;

  public UserStates(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> set(int user, boolean online, long version) {
    return pool.preparedQuery(SET_STATE)
        .execute(Tuple.of(online ? "online" : "offline", version, user, version)).mapEmpty();
  }
}
