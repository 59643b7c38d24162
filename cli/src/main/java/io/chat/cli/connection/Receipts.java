package io.chat.cli.connection;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What this client has shown, per conversation, and what it still has to acknowledge. A client
 * that logs in with {@code ack: true} gets again, at its next login, whatever it did not
 * acknowledge; it shows each message once by dropping one whose {@code seq} it has shown
 * already, and acknowledges, a conversation at a time, up to the last it showed. The user's own
 * messages (its sends' replies) count as shown once everything before them was, so they are
 * acknowledged too and do not stay above the cursor as if unread. Use from one thread at a time.
 */
public final class Receipts {

  private final Map<String, Long> shown = new HashMap<>();
  private final Map<String, Long> acked = new HashMap<>();
  /** Seqs of the user's own messages that wait for the ones before them to be shown. */
  private final Map<String, TreeSet<Long>> ownAhead = new HashMap<>();

  /** True for a message event not shown yet (and for every other event); a repeat is false. */
  public synchronized boolean fresh(JsonObject event) {
    String conv = event.getString("conv");
    Long seq = event.getLong("seq");
    if (!"message".equals(event.getString("event")) || conv == null || seq == null) {
      return true;
    }
    return seq > shown.getOrDefault(conv, 0L);
  }

  /** The message event was shown to the user. */
  public synchronized void shown(JsonObject event) {
    String conv = event.getString("conv");
    Long seq = event.getLong("seq");
    if ("message".equals(event.getString("event")) && conv != null && seq != null) {
      shown.merge(conv, seq, Math::max);
      absorbOwn(conv);
    }
  }

  /** A send of this user's was answered ok: its message ({@code conv}, {@code seq}) is the user's own. */
  public synchronized void sent(JsonObject reply) {
    String conv = reply.getString("conv");
    Long seq = reply.getLong("seq");
    if (conv != null && seq != null) {
      ownAhead.computeIfAbsent(conv, c -> new TreeSet<>()).add(seq);
      absorbOwn(conv);
    }
  }

  /**
   * Where the server's cursors stand (a {@code conversations} reply): what is at or below a
   * cursor was received, shown here or not.
   */
  public synchronized void known(JsonArray convs) {
    if (convs == null) {
      return;
    }
    for (Object entry : convs) {
      if (entry instanceof JsonObject conv && conv.getString("conv") != null) {
        long cursor = conv.getLong("acked_seq", 0L);
        shown.merge(conv.getString("conv"), cursor, Math::max);
        acked.merge(conv.getString("conv"), cursor, Math::max);
        absorbOwn(conv.getString("conv"));
      }
    }
  }

  /** Own messages right after what was shown count as shown. */
  private void absorbOwn(String conv) {
    TreeSet<Long> own = ownAhead.get(conv);
    if (own == null) {
      return;
    }
    long upTo = shown.getOrDefault(conv, 0L);
    while (!own.isEmpty() && own.first() <= upTo + 1) {
      upTo = Math.max(upTo, own.pollFirst());
    }
    if (own.isEmpty()) {
      ownAhead.remove(conv);
    }
    shown.merge(conv, upTo, Math::max);
  }

  /**
   * Acknowledges every conversation up to what was shown; completes when the server answered.
   * An ack that is not answered ok (the connection dropped) is sent again the next time.
   */
  public Future<Void> acknowledge(ChatConnection connection, long timeoutMillis) {
    List<JsonObject> acks = new ArrayList<>();
    synchronized (this) {
      shown.forEach((conv, seq) -> {
        if (seq > acked.getOrDefault(conv, 0L)) {
          acks.add(new JsonObject().put("op", "ack").put("conv", conv).put("seq", seq));
          acked.put(conv, seq);
        }
      });
    }
    return Future.join(acks.stream().map(ack -> connection.request(ack, timeoutMillis)
        .compose(reply -> Boolean.TRUE.equals(reply.getBoolean("ok"))
            ? Future.succeededFuture(reply)
            : Future.failedFuture(reply.getString("error")))
        .onFailure(notTaken -> forget(ack.getString("conv"), ack.getLong("seq")))).toList()).mapEmpty();
  }

  /** Another user logs in (or nobody is): what was shown and acknowledged was theirs. */
  public synchronized void clear() {
    shown.clear();
    acked.clear();
    ownAhead.clear();
  }

  private synchronized void forget(String conv, long seq) {
    acked.remove(conv, seq);
  }
}
