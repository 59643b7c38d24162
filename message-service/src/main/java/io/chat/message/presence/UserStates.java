package io.chat.message.presence;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps {@code user.state} in step with the presence registry, for tools that read MySQL. The
 * updates of one user are made one after another, in the order they were asked for: sent at
 * once, they could go out on two pool connections and commit the other way round, leaving a
 * user whose session opened and closed "online". Used from one context (the message service's).
 */
public final class UserStates {

  private static final String SET_STATE = "UPDATE user SET state = ? WHERE id = ?";

  private final Pool pool;
  /** The last update asked for, per user, while it is in flight. */
  private final Map<Integer, Future<Void>> inFlight = new HashMap<>();

  public UserStates(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> set(int user, boolean online) {
    Future<Void> previous = inFlight.get(user);
    Future<Void> after = previous == null ? Future.succeededFuture() : previous.otherwiseEmpty();
    Future<Void> update = after.compose(v -> pool.preparedQuery(SET_STATE)
        .execute(Tuple.of(online ? "online" : "offline", user)).<Void>mapEmpty());
    inFlight.put(user, update);
    update.onComplete(done -> inFlight.remove(user, update));
    return update;
  }
}
