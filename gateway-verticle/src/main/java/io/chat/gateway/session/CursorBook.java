package io.chat.gateway.session;

import io.chat.common.bus.Actions;
import io.chat.common.bus.ServiceClient;
import io.chat.common.bus.message.CursorMove;
import io.chat.common.bus.message.CursorMoves;
import io.chat.common.model.ConvId;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * The cursors this node's sessions moved and the message service has not written yet: how far
 * each user has received each conversation. A move costs no write: moves are kept here (only the
 * furthest per user and conversation) and written together, a few times a second, when another
 * node asks for a user's (that user logs in there), and when the node stops. A node that dies
 * loses the moves of its last moments: their messages are replayed, flagged {@code offline},
 * at the user's next login; never lost.
 *
 * <p>Shared by the node's event loops.
 */
public final class CursorBook {

  private final ServiceClient services;
  private final ConcurrentHashMap<Key, Long> pending = new ConcurrentHashMap<>();
  /** The last write asked for; the next one starts once it is over. */
  private Future<Void> inFlight = Future.succeededFuture();

  private record Key(int user, ConvId conv) {
  }

  public CursorBook(ServiceClient services) {
    this.services = services;
  }

  /** The user has received the conversation up to seq. */
  public void advance(int user, ConvId conv, long seq) {
    pending.merge(new Key(user, conv), seq, Math::max);
  }

  /**
   * Writes every move held, after the write in flight, if any: a user's moves must be in MySQL
   * before a login reads them back, so writes never overtake each other.
   */
  public synchronized Future<Void> flush() {
    return after(users -> true);
  }

  /** The periodic write: skipped while one is in flight (a slow store does not pile them up). */
  public synchronized Future<Void> flushIfIdle() {
    return inFlight.isComplete() ? after(users -> true) : inFlight;
  }

  /** Writes the moves held for one user, once the write in flight (which may hold some of them) is done. */
  public synchronized Future<Void> flush(int user) {
    return after(held -> held == user);
  }

  private Future<Void> after(IntPredicate users) {
    Future<Void> mine = inFlight.transform(previous -> write(users));
    inFlight = mine;
    return mine;
  }

  private Future<Void> write(IntPredicate users) {
    List<CursorMove> moves = new ArrayList<>();
    for (Map.Entry<Key, Long> entry : pending.entrySet()) {
      Key key = entry.getKey();
      // Removed only if no further move came meanwhile; one that did stays for the next flush.
      if (users.test(key.user()) && pending.remove(key, entry.getValue())) {
        moves.add(new CursorMove(key.user(), key.conv(), entry.getValue()));
      }
    }
    if (moves.isEmpty()) {
      return Future.succeededFuture();
    }
    return services.request(Actions.Message.CURSORS, new CursorMoves(moves))
        .<Void>mapEmpty()
        .onFailure(e -> moves.forEach(move -> advance(move.user(), move.conv(), move.seq())));
  }
}
