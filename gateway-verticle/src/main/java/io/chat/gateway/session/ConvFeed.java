package io.chat.gateway.session;

import io.chat.common.bus.Actions;
import io.chat.common.bus.ServiceClient;
import io.chat.common.bus.message.ConvHead;
import io.chat.common.bus.message.ConvPosition;
import io.chat.common.bus.message.ConvRange;
import io.chat.common.bus.message.HeadsRequest;
import io.chat.common.bus.message.LogRead;
import io.chat.common.bus.node.Delivery;
import io.chat.common.model.ChatMessage;
import io.chat.common.model.ConvId;
import io.chat.common.protocol.Events;
import io.chat.gateway.protocol.Frames;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one session is sent, in order: each conversation's messages in seq order, every one once,
 * with no gap since the login. For each conversation the feed knows the seq it has sent up to;
 * a message with that seq or below is a repeat and is dropped, the next one is written, and one
 * further ahead waits while the messages before it arrive. If they do not come within a moment
 * (their node died between committing and delivering, or a delivery was lost) they are read
 * from the log.
 *
 * <p>At login the feed holds every live event while the stored messages are replayed from the
 * log ({@link LoginReplay}); then it knows where each conversation stands, lets the held events
 * through that rule (what the replay wrote is dropped as a repeat) and, a moment later, asks for
 * the heads of the user's conversations, to read what a node whose presence mirror had not yet
 * seen this session did not send it. A conversation the session first meets after its login
 * starts where the user's part in it began: a new friend's at its first message, a group joined
 * elsewhere where the log says.
 *
 * <p>A message this session sent itself is never written back to it, but its seq counts: the
 * reply names it ({@link #sent}). While a send is in flight no gap is read from the log, as it
 * could be that very message.
 *
 * <p>By default a written message is received: the user's cursor moves ({@link CursorBook}). A
 * session that acknowledges moves it only by its {@code ack}s.
 *
 * <p>Confined to the session's context.
 *
 * <p>Over 300 lines because the ordering rule, the gap reads and the login's hand-over from
 * replay to live share one state per conversation; split, each part would reach into the others'.
 */
public final class ConvFeed {

  private static final Logger LOG = LoggerFactory.getLogger(ConvFeed.class);
  /** How long a message waits for those before it before the gap is read from the log. */
  static final long GAP_WAIT_MILLIS = 150;
  /** How long after the login replay the heads are checked. */
  static final long HEADS_CHECK_MILLIS = 1_000;
  private static final long RETRY_MILLIS = 1_000;
  private static final int HEADS_ATTEMPTS = 5;
  private static final int GAP_PAGE = 500;
  /** Marks, among the messages waiting for their turn, one this session sent (nothing to write). */
  private static final Buffer OWN = Buffer.buffer();
  private static final long UNKNOWN = -1;

  private final int user;
  private final boolean acknowledging;
  private final EventSink sink;
  private final ServiceClient services;
  private final CursorBook cursors;
  private final Counter replayed;
  private final Map<ConvId, Conversation> conversations = new HashMap<>();
  /** Conversations whose gap was due to be read while a send was in flight: read once none is. */
  private final Set<ConvId> deferred = new HashSet<>();
  /** Live events during the login replay, in their order; null once live. */
  private List<Delivery> held = new ArrayList<>();
  private int sending;
  private boolean closed;

  /** Where the session stands in one conversation. */
  private static final class Conversation {
    /** The seq the session has been sent everything up to, or UNKNOWN until its start is read. */
    long sentUpTo;
    /** Messages that arrived ahead of their turn, by seq. */
    TreeMap<Long, Buffer> early;
    /** The furthest seq a heads check found in the log: read up to it, even with nothing waiting. */
    long head;
    boolean reading;
    boolean readScheduled;
    /** The user's cursor as this session moves it; made at the first move. */
    CursorBook.Cursor cursor;

    Conversation(long sentUpTo) {
      this.sentUpTo = sentUpTo;
    }

    TreeMap<Long, Buffer> early() {
      if (early == null) {
        early = new TreeMap<>();
      }
      return early;
    }

    /** The seq the next gap ends before, or 0 when nothing waits. */
    long gapEnd() {
      return early == null || early.isEmpty() ? 0 : early.firstKey();
    }

    /** The seq the log must be read up to: the end of the next gap, or else the head found. */
    long readUpTo() {
      long gapEnd = gapEnd();
      return gapEnd > 0 ? gapEnd - 1 : head;
    }

    /** Whether the log holds a message of the conversation the session was not sent and waits for. */
    boolean missing() {
      return readUpTo() > sentUpTo && sentUpTo != UNKNOWN;
    }
  }

  ConvFeed(int user, boolean acknowledging, EventSink sink, ServiceClient services, CursorBook cursors,
      Counter replayed) {
    this.user = user;
    this.acknowledging = acknowledging;
    this.sink = sink;
    this.services = services;
    this.cursors = cursors;
    this.replayed = replayed;
  }

  /**
   * The login's replay: the stored messages of these positions, then the live events held
   * meanwhile. Completes once the replay is written (or given up: the connection closed).
   */
  public Future<Void> replay(List<ConvPosition> positions, int pageSize) {
    for (ConvPosition position : positions) {
      conversations.put(position.conv(), new Conversation(position.last()));
    }
    return new LoginReplay(user, sink, services, pageSize, (conv, seq) -> {
      replayed.increment();
      received(conv, seq);
    }).run(positions)
        .onFailure(e -> {
          if (!closed) {
            LOG.warn("stored messages of user {} not replayed: {}", user, e.toString());
          }
        })
        .otherwiseEmpty()
        .andThen(done -> {
          if (closed) {
            return;
          }
          if (!acknowledging) {
            // The user's own messages above the cursor count as received by the user.
            positions.forEach(position -> received(position.conv(), position.last()));
          }
          List<Delivery> waiting = held;
          held = null;
          waiting.forEach(this::deliver);
          sink.context().owner().setTimer(HEADS_CHECK_MILLIS, t -> checkHeads(1));
        });
  }

  /** A delivery for this session, on its context. */
  public void deliver(Delivery delivery) {
    if (closed) {
      return;
    }
    if (held != null) {
      held.add(delivery);
    } else if (delivery.conv() == null) {
      sink.write(Frames.line(delivery.event().line()));
    } else {
      offer(delivery.conv(), delivery.seq(), Frames.line(delivery.event().line()));
    }
  }

  /** This session is sending a message: no gap is read from the log until it is answered. */
  public void sending() {
    sending++;
  }

  /** The send is answered: its seq (conv null when it failed) takes its turn, and waiting gaps are read. */
  public void sent(ConvId conv, long seq) {
    sending--;
    if (conv != null) {
      offer(conv, seq, OWN);
    }
    if (sending == 0 && !deferred.isEmpty()) {
      List<ConvId> due = List.copyOf(deferred);
      deferred.clear();
      for (ConvId id : due) {
        Conversation conversation = conversations.get(id);
        if (conversation != null && conversation.missing()) {
          scheduleRead(id, conversation, 0);
        }
      }
    }
  }

  /** The session ended: nothing more is written, nothing more is read. */
  public void close() {
    closed = true;
    held = null;
    conversations.clear();
    deferred.clear();
  }

  /**
   * Compares the heads of the user's conversations with what this session was sent, and reads
   * what it is missing; tried a few times, as a message only this finds waits for the next login.
   */
  private void checkHeads(int attempt) {
    if (closed) {
      return;
    }
    services.request(Actions.Message.HEADS, new HeadsRequest(List.of(user)))
        .onSuccess(heads -> heads.users().forEach(found -> caughtUp(found.heads())))
        .onFailure(e -> {
          LOG.debug("heads of user {} not read (attempt {}): {}", user, attempt, e.toString());
          if (attempt < HEADS_ATTEMPTS) {
            sink.context().owner().setTimer(RETRY_MILLIS, t -> checkHeads(attempt + 1));
          }
        });
  }

  /** Heads read for this user (by this feed, or for all sessions of a node at once). */
  public void caughtUp(List<ConvHead> heads) {
    if (closed || held != null) {
      return;
    }
    if (sending > 0) {
      // The log may already hold the message in flight, which must not come back to this session.
      sink.context().owner().setTimer(RETRY_MILLIS, t -> caughtUp(heads));
      return;
    }
    for (ConvHead head : heads) {
      Conversation conversation = conversations.computeIfAbsent(head.conv(), conv -> new Conversation(head.joined()));
      if (conversation.sentUpTo == UNKNOWN) {
        conversation.sentUpTo = head.joined();
        drain(head.conv(), conversation);
      }
      conversation.head = Math.max(conversation.head, head.last());
      if (conversation.missing() && conversation.gapEnd() == 0) {
        scheduleRead(head.conv(), conversation, 0);
      }
    }
  }

  private void offer(ConvId conv, long seq, Buffer line) {
    Conversation conversation = conversations.get(conv);
    if (conversation == null) {
      // Both users' part in a direct conversation begins at its start; a group's is read.
      conversation = new Conversation(conv.group() ? UNKNOWN : 0);
      conversations.put(conv, conversation);
      if (conv.group()) {
        conversation.early().put(seq, line);
        startOf(conv);
        return;
      }
    }
    if (conversation.sentUpTo == UNKNOWN || seq > conversation.sentUpTo + 1) {
      conversation.early().putIfAbsent(seq, line);
      if (conversation.sentUpTo != UNKNOWN) {
        scheduleRead(conv, conversation, GAP_WAIT_MILLIS);
      }
    } else if (seq == conversation.sentUpTo + 1) {
      take(conv, conversation, seq, line);
      drain(conv, conversation);
    }
  }

  /** Writes (or, for this session's own message, only counts) the next message of a conversation. */
  private void take(ConvId conv, Conversation conversation, long seq, Buffer line) {
    conversation.sentUpTo = seq;
    if (line == OWN) {
      received(conversation, conv, seq);
    } else {
      sink.write(line).onSuccess(v -> received(conversation, conv, seq));
    }
  }

  private void drain(ConvId conv, Conversation conversation) {
    while (conversation.gapEnd() > 0 && conversation.gapEnd() <= conversation.sentUpTo + 1) {
      Map.Entry<Long, Buffer> next = conversation.early.pollFirstEntry();
      if (next.getKey() == conversation.sentUpTo + 1) {
        take(conv, conversation, next.getKey(), next.getValue());
      }
    }
    if (conversation.gapEnd() > 0) {
      scheduleRead(conv, conversation, GAP_WAIT_MILLIS);
    }
  }

  private void received(ConvId conv, long seq) {
    Conversation conversation = conversations.get(conv);
    if (conversation != null) {
      received(conversation, conv, seq);
    } else if (!acknowledging) {
      cursors.advance(user, conv, seq);
    }
  }

  private void received(Conversation conversation, ConvId conv, long seq) {
    if (acknowledging) {
      return;
    }
    if (conversation.cursor == null) {
      conversation.cursor = cursors.cursor(user, conv);
    }
    conversation.cursor.advance(seq);
  }

  private void scheduleRead(ConvId conv, Conversation conversation, long afterMillis) {
    if (conversation.readScheduled || conversation.reading || closed) {
      return;
    }
    conversation.readScheduled = true;
    sink.context().owner().setTimer(Math.max(1, afterMillis), t -> {
      conversation.readScheduled = false;
      if (!conversation.missing() || conversations.get(conv) != conversation) {
        return;
      }
      if (sending == 0) {
        read(conv, conversation, conversation.readUpTo());
      } else {
        deferred.add(conv);
      }
    });
  }

  /**
   * Reads from the log what the session is missing of a conversation, up to a seq. What the log
   * does not give (messages of a group from before the user joined) is not the session's to get.
   */
  private void read(ConvId conv, Conversation conversation, long upTo) {
    long from = conversation.sentUpTo;
    int limit = (int) Math.min(GAP_PAGE, upTo - from);
    conversation.reading = true;
    services.request(Actions.Message.LOG_READ, new LogRead(user, List.of(new ConvRange(conv, from, upTo)), false, limit))
        .onComplete(done -> {
          conversation.reading = false;
          if (closed || conversations.get(conv) != conversation) {
            return;
          }
          if (done.failed()) {
            LOG.debug("gap of user {} in {} not read: {}", user, conv, done.cause().toString());
            scheduleRead(conv, conversation, RETRY_MILLIS);
            return;
          }
          List<ChatMessage> messages = done.result().messages();
          TreeMap<Long, Buffer> early = conversation.early();
          // What already waits (this session's own message among it) keeps its place.
          messages.forEach(message -> early.putIfAbsent(message.seq(), Frames.line(Events.messageLine(message, false))));
          // Every message of the range this user may read is now here: a seq missing up to this
          // one is not the user's (a group's message from before they joined).
          long complete = messages.size() < limit ? upTo : messages.get(messages.size() - 1).seq();
          while (conversation.sentUpTo < complete) {
            Long next = early.ceilingKey(conversation.sentUpTo + 1);
            if (next == null || next > complete) {
              conversation.sentUpTo = complete;
            } else if (next == conversation.sentUpTo + 1) {
              take(conv, conversation, next, early.remove(next));
            } else {
              conversation.sentUpTo = next - 1;
            }
          }
          drain(conv, conversation);
          if (conversation.missing() && conversation.gapEnd() == 0) {
            read(conv, conversation, conversation.readUpTo());
          }
        });
  }

  /** Reads where the user's part in a group conversation the session had not met begins. */
  private void startOf(ConvId conv) {
    services.request(Actions.Message.HEADS, new HeadsRequest(List.of(user))).onComplete(done -> {
      Conversation conversation = conversations.get(conv);
      if (closed || conversation == null || conversation.sentUpTo != UNKNOWN) {
        return;
      }
      if (done.failed()) {
        LOG.debug("start of {} for user {} not read: {}", conv, user, done.cause().toString());
        sink.context().owner().setTimer(RETRY_MILLIS, t -> startOf(conv));
        return;
      }
      ConvHead head = done.result().users().get(0).heads().stream()
          .filter(found -> found.conv().equals(conv)).findFirst().orElse(null);
      if (head == null) {
        // Not the user's to read (a group left meanwhile): what waited for it goes.
        conversations.remove(conv);
        return;
      }
      conversation.sentUpTo = head.joined();
      drain(conv, conversation);
    });
  }
}
