package io.chat.message.presence;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * Keeps {@code user.state} in step with the presence registry, for tools that read MySQL. The
 * updates of one user are made one after another, in the order they were asked for: sent at
 * once, they could go out on two pool connections and commit the other way round, leaving a
 * user whose session opened and closed "online". Used from one context (the message service's).
 */
public final class UserStates {

  private static final String SET_STATE = "UPDATE user SET state = ? WHERE id = ?";

  private final Pool pool;
  private final InTurn updates = new InTurn();

  public UserStates(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> set(int user, boolean online) {
    return updates.run(user, () -> pool.preparedQuery(SET_STATE)
        .execute(Tuple.of(online ? "online" : "offline", user)).<Void>mapEmpty());
  }
}
