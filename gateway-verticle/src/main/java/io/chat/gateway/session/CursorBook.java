package io.chat.gateway.session;

import io.chat.common.bus.Actions;
import io.chat.common.bus.ServiceClient;
import io.chat.common.bus.message.CursorMove;
import io.chat.common.bus.message.CursorMoves;
import io.chat.common.model.ConvId;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;

/**
 * The cursors this node's sessions moved and the message service has not written yet: how far
 * each user has received each conversation. A move costs no write: moves are kept here (only the
 * furthest per user and conversation) and written together, a few times a second, when another
 * node asks for a user's (that user logs in there), and when the node stops. A node that dies
 * loses the moves of its last moments: their messages are replayed, flagged {@code offline},
 * at the user's next login; never lost.
 *
 * <p>A session keeps a {@link Cursor} per conversation: moving it is a field written, and the
 * cursor joins the queue of moved ones only on its first move since the last write, so a busy
 * conversation costs no map update or allocation per message. Shared by the node's event loops.
 */
public final class CursorBook {

  private final ServiceClient services;
  /** Cursors moved since they were last taken for a write; each at most once. */
  private final ConcurrentLinkedQueue<Cursor> moved = new ConcurrentLinkedQueue<>();
  /** The last write asked for; the next one starts once it is over. */
  private Future<Void> inFlight = Future.succeededFuture();

  /**
   * One session's position in one conversation: moved on the session's context only, read by
   * the writes. The seq is written before the queued flag is read, and a write clears the flag
   * before it reads the seq, so no move is left behind between the two.
   */
  public final class Cursor {

    private final int user;
    private final ConvId conv;
    private volatile long seq;
    private final AtomicBoolean queued = new AtomicBoolean();

    private Cursor(int user, ConvId conv) {
      this.user = user;
      this.conv = conv;
    }

    /** The session has received the conversation up to seq (an earlier seq changes nothing). */
    public void advance(long received) {
      if (received > seq) {
        seq = received;
        queue();
      }
    }

    private void queue() {
      if (!queued.get() && queued.compareAndSet(false, true)) {
        moved.add(this);
      }
    }
  }

  private record Key(int user, ConvId conv) {
  }

  public CursorBook(ServiceClient services) {
    this.services = services;
  }

  /** A cursor for one session of the user in a conversation, at 0 until it moves. */
  public Cursor cursor(int user, ConvId conv) {
    return new Cursor(user, conv);
  }

  /** The user has received the conversation up to seq (for a move outside a session's cursors). */
  public void advance(int user, ConvId conv, long seq) {
    cursor(user, conv).advance(seq);
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
    List<Cursor> taken = new ArrayList<>();
    List<Cursor> others = new ArrayList<>();
    // Only the cursors queued now: one moved again meanwhile is queued anew, for the next write.
    for (int i = moved.size(); i > 0; i--) {
      Cursor cursor = moved.poll();
      if (cursor == null) {
        break;
      }
      if (users.test(cursor.user)) {
        cursor.queued.set(false);
        taken.add(cursor);
      } else {
        others.add(cursor);
      }
    }
    moved.addAll(others);
    if (taken.isEmpty()) {
      return Future.succeededFuture();
    }
    // Two sessions of a user in one conversation make one move, the furthest.
    Map<Key, Long> furthest = new HashMap<>();
    for (Cursor cursor : taken) {
      furthest.merge(new Key(cursor.user, cursor.conv), cursor.seq, Math::max);
    }
    List<CursorMove> moves = new ArrayList<>(furthest.size());
    furthest.forEach((key, seq) -> moves.add(new CursorMove(key.user(), key.conv(), seq)));
    // Held again after a failure as one move per user and conversation, so what failed writes
    // held does not pile up while the store is out of reach.
    return services.request(Actions.Message.CURSORS, new CursorMoves(moves))
        .<Void>mapEmpty()
        .onFailure(e -> moves.forEach(move -> advance(move.user(), move.conv(), move.seq())));
  }
}
