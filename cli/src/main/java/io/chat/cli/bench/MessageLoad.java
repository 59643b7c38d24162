package io.chat.cli.bench;

import io.chat.cli.connection.ChatConnection;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop message load: every sender keeps at most {@code window} messages on their way,
 * and sends the next when one arrives (or is refused). A message's text carries its sender,
 * sequence number and send time ({@code B<sender>:<seq>:<nanoTime>;xxx…}), so the receiving
 * side measures latency and confirms it. Each sender shares its context with the users that
 * receive its messages, so a sender's state is only ever touched by one thread.
 */
final class MessageLoad {

  private final int window;
  private final int size;
  private final int recipientsPerMessage;
  private final Sender[] senders;
  private final Latency latency = new Latency();
  private final LongAdder sent = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder deliveredInWindow = new LongAdder();
  private final LongAdder foreign = new LongAdder();
  private final ErrorCounts errors = new ErrorCounts();
  private volatile boolean sending;
  private volatile long measureFrom = Long.MAX_VALUE;
  private volatile long measureUntil = Long.MAX_VALUE;

  MessageLoad(LoadOptions options, int senderCount, int recipientsPerMessage) {
    this.window = options.window;
    this.size = options.size;
    this.recipientsPerMessage = recipientsPerMessage;
    this.senders = new Sender[senderCount];
  }

  /** A sender: its messages are this request ({@code op} and target) with a text added. */
  void sender(int index, ChatConnection connection, Context context, JsonObject request) {
    senders[index] = new Sender(index, connection, context, request);
  }

  /** Counts and times the messages arriving on this connection. */
  void receiver(ChatConnection connection) {
    connection.eventHandler(this::received);
  }

  /** Starts every sender. */
  void start() {
    sending = true;
    for (Sender sender : senders) {
      sender.context.runOnContext(v -> sender.fill());
    }
  }

  /** Deliveries from now until {@code until} (System.nanoTime) count for the rate and latency. */
  void measure(long from, long until) {
    measureFrom = from;
    measureUntil = until;
  }

  void stop() {
    sending = false;
  }

  /** Waits up to the deadline until every accepted message was delivered and every request answered. */
  void drain(long deadlineNanos) throws InterruptedException {
    while (System.nanoTime() < deadlineNanos
        && (missing() > 0 || sent.sum() > accepted.sum() + refused.sum() + failed.sum())) {
      Thread.sleep(50);
    }
  }

  long deliveredInWindow() {
    return deliveredInWindow.sum();
  }

  long missing() {
    return Math.max(0, accepted.sum() * recipientsPerMessage - delivered.sum());
  }

  Latency latency() {
    return latency.stop();
  }

  /** The counts, for the summary and the JSON line. */
  JsonObject counts() {
    return new JsonObject()
        .put("sent", sent.sum())
        .put("accepted", accepted.sum())
        .put("refused", refused.sum())
        .put("failed", failed.sum())
        .put("expected_deliveries", accepted.sum() * recipientsPerMessage)
        .put("delivered", delivered.sum())
        .put("lost", missing())
        .put("duplicates", Math.max(0, delivered.sum() - accepted.sum() * recipientsPerMessage))
        .put("foreign", foreign.sum())
        .put("errors", errors.json());
  }

  private void received(JsonObject event) {
    if (!"message".equals(event.getString("event")) || Boolean.TRUE.equals(event.getBoolean("offline"))) {
      return;
    }
    long now = System.nanoTime();
    String text = event.getString("text");
    int senderEnd = text == null ? -1 : text.indexOf(':');
    int seqEnd = senderEnd < 0 ? -1 : text.indexOf(':', senderEnd + 1);
    int timeEnd = seqEnd < 0 ? -1 : text.indexOf(';', seqEnd + 1);
    if (timeEnd < 0 || text.charAt(0) != 'B') {
      foreign.increment();
      return;
    }
    int sender = Integer.parseInt(text, 1, senderEnd, 10);
    long seq = Long.parseLong(text, senderEnd + 1, seqEnd, 10);
    long sentAt = Long.parseLong(text, seqEnd + 1, timeEnd, 10);
    delivered.increment();
    if (now >= measureFrom && now < measureUntil) {
      deliveredInWindow.increment();
      latency.record(now - sentAt);
    }
    senders[sender].arrived(seq);
  }

  /** One user sending; all its fields are used on its context only. */
  private final class Sender {
    private final int index;
    private final ChatConnection connection;
    private final Context context;
    private final JsonObject request;
    /** Sequence numbers sent and not yet arrived, oldest first. */
    private final ArrayDeque<Long> onTheirWay = new ArrayDeque<>();
    private long seq;

    Sender(int index, ChatConnection connection, Context context, JsonObject request) {
      this.index = index;
      this.connection = connection;
      this.context = context;
      this.request = request;
    }

    void fill() {
      while (sending && onTheirWay.size() < window) {
        sendNext();
      }
    }

    private void sendNext() {
      long number = ++seq;
      onTheirWay.addLast(number);
      sent.increment();
      connection.requestHere(request.copy().put("text", text(number))).onComplete(reply -> {
        if (reply.succeeded() && Boolean.TRUE.equals(reply.result().getBoolean("ok"))) {
          accepted.increment();
          return;
        }
        if (reply.succeeded()) {
          refused.increment();
          errors.add(reply.result().getValue("error"));
        } else {
          failed.increment();
        }
        onTheirWay.remove(number);
        fill();
      });
    }

    /** A recipient got message number {@code arrivedSeq}: it and every earlier one are no longer on their way. */
    void arrived(long arrivedSeq) {
      boolean freed = false;
      while (!onTheirWay.isEmpty() && onTheirWay.peekFirst() <= arrivedSeq) {
        onTheirWay.pollFirst();
        freed = true;
      }
      if (freed) {
        fill();
      }
    }

    private String text(long number) {
      StringBuilder text = new StringBuilder(Math.max(size, 40))
          .append('B').append(index).append(':').append(number).append(':').append(System.nanoTime()).append(';');
      while (text.length() < size) {
        text.append('x');
      }
      return text.toString();
    }
  }
}
