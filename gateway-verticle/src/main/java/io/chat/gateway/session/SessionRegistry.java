package io.chat.gateway.session;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sessions this node holds, by user: what the node's delivery address looks up. Shared by
 * every gateway instance of the node; arrays are replaced, never changed, so readers need no
 * lock.
 */
public final class SessionRegistry {

  private static final Session[] NONE = new Session[0];

  private final ConcurrentMap<Integer, Session[]> byUser = new ConcurrentHashMap<>();
  private final AtomicInteger sessions = new AtomicInteger();

  void add(Session session) {
    byUser.merge(session.userId(), new Session[] {session}, (old, added) -> {
      Session[] grown = Arrays.copyOf(old, old.length + 1);
      grown[old.length] = session;
      return grown;
    });
    sessions.incrementAndGet();
  }

  void remove(Session session) {
    byUser.computeIfPresent(session.userId(), (user, old) -> {
      Session[] kept = Arrays.stream(old).filter(s -> s != session).toArray(Session[]::new);
      if (kept.length < old.length) {
        sessions.decrementAndGet();
      }
      return kept.length == 0 ? null : kept;
    });
  }

  /** The live sessions of a user (empty when none). */
  public Session[] sessionsOf(int userId) {
    Session[] found = byUser.get(userId);
    return found == null ? NONE : found;
  }

  /** Every session of this node. */
  public List<Session> all() {
    return byUser.values().stream().flatMap(Arrays::stream).toList();
  }

  public int sessionCount() {
    return sessions.get();
  }

  public int userCount() {
    return byUser.size();
  }
}
