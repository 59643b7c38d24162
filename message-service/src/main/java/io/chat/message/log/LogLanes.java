package io.chat.message.log;

import io.chat.common.model.ConvId;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several log writers side by side, each on its own MySQL connection and its own event loop: a
 * conversation always goes to the same one (by its hash), so its messages are still committed
 * one batch after another, in order, while batches of other conversations commit at the same
 * time. Why their own event loops: encoding a batch's statements and decoding MySQL's answers
 * is much of what a message costs, and on the message service's loop, which every send goes
 * through, it would keep the other cores idle.
 *
 * <p>The drafts appended while the caller's context works through the tasks it holds go to
 * each writer in one hand-off, and their outcomes come back on the caller's context in one,
 * in the order of the drafts: a hand-off between event loops per batch, not two per message.
 *
 * <p>Use from the caller's context.
 */
public final class LogLanes {

  private final Context caller;
  private final List<Lane> lanes;
  /** Drafts appended and not answered yet, for a clean stop. */
  private final AtomicInteger pending = new AtomicInteger();

  /**
   * @param caller the context appends come from and outcomes go back to (the message service's)
   * @param writers each used only on its own context ({@link LogWriter#context()})
   */
  public LogLanes(Context caller, List<LogWriter> writers) {
    this.caller = caller;
    this.lanes = writers.stream().map(Lane::new).toList();
  }

  public Future<Appended> append(Draft draft) {
    Promise<Appended> outcome = Promise.promise();
    pending.incrementAndGet();
    lanes.get(laneOf(draft.conv(), lanes.size())).add(draft, outcome);
    return outcome.future().andThen(done -> pending.decrementAndGet());
  }

  /**
   * The lane of a conversation, always the same one. The hash is spread first: a direct
   * conversation's hash is odd whenever its users' ids are one apart (users who registered
   * together), so its low bits alone would send most of them to one lane of two.
   */
  static int laneOf(ConvId conv, int lanes) {
    int spread = conv.hashCode() * 0x9E3779B9;
    return Math.floorMod(spread ^ (spread >>> 16), lanes);
  }

  /** True while drafts wait or a batch is in flight (a clean stop waits for them). */
  public boolean busy() {
    return pending.get() > 0;
  }

  public Future<Void> close() {
    return Future.join(lanes.stream().map(lane -> Future.<Void>future(closed -> lane.writer.context()
        .runOnContext(v -> lane.writer.close().onComplete(closed)))).toList()).mapEmpty();
  }

  /** One writer, and the drafts gathered for it on the caller's context. */
  private final class Lane {
    private final LogWriter writer;
    private List<Draft> drafts = new ArrayList<>();
    private List<Promise<Appended>> outcomes = new ArrayList<>();

    Lane(LogWriter writer) {
      this.writer = writer;
    }

    void add(Draft draft, Promise<Appended> outcome) {
      if (drafts.isEmpty()) {
        caller.runOnContext(v -> handOff());
      }
      drafts.add(draft);
      outcomes.add(outcome);
    }

    private void handOff() {
      List<Draft> handed = drafts;
      List<Promise<Appended>> answered = outcomes;
      drafts = new ArrayList<>();
      outcomes = new ArrayList<>();
      writer.context().runOnContext(v -> {
        List<Future<Appended>> appended = handed.stream().map(writer::append).toList();
        Future.join(appended).onComplete(all -> caller.runOnContext(back -> {
          for (int i = 0; i < answered.size(); i++) {
            answered.get(i).handle(appended.get(i));
          }
        }));
      });
    }
  }
}
