package io.chat.message.presence;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Keeps {@code user.state} in step with the presence registry, for tools that read MySQL. */
public final class UserStates {

  private static final String SET_STATE = "UPDATE user SET state = ? WHERE id = ?";

  private final Pool pool;

  public UserStates(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> set(Collection<Integer> users, boolean online) {
    String state = online ? "online" : "offline";
    List<Tuple> rows = new ArrayList<>(users.size());
    for (Integer user : users) {
      rows.add(Tuple.of(state, user));
    }
    return pool.preparedQuery(SET_STATE).executeBatch(rows).mapEmpty();
  }
}
