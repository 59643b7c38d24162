package io.chat.message.log;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several log writers side by side, each on its own MySQL connection and its own event loop: a
 * conversation always goes to the same one (by its hash), so its messages are still committed
 * one batch after another, in order, while batches of other conversations commit at the same
 * time. Why their own event loops: encoding a batch's statements and decoding MySQL's answers
 * is much of what a message costs, and on the message service's loop, which every send goes
 * through, it would keep the other cores idle. The outcomes come back on the caller's context.
 */
public final class LogLanes {

  private final ContextInternal caller;
  private final List<LogWriter> writers;
  /** Drafts appended and not answered yet, for a clean stop. */
  private final AtomicInteger pending = new AtomicInteger();

  /**
   * @param caller the context appends come from and outcomes go back to (the message service's)
   * @param writers each used only on its own context ({@link LogWriter#context()})
   */
  public LogLanes(Context caller, List<LogWriter> writers) {
    this.caller = (ContextInternal) caller;
    this.writers = List.copyOf(writers);
  }

  public Future<Appended> append(Draft draft) {
    LogWriter writer = writers.get(Math.floorMod(draft.conv().hashCode(), writers.size()));
    PromiseInternal<Appended> outcome = caller.promise();
    pending.incrementAndGet();
    writer.context().runOnContext(v -> writer.append(draft).onComplete(outcome));
    return outcome.future().andThen(done -> pending.decrementAndGet());
  }

  /** True while drafts wait or a batch is in flight (a clean stop waits for them). */
  public boolean busy() {
    return pending.get() > 0;
  }

  public Future<Void> close() {
    return Future.join(writers.stream().map(writer -> Future.<Void>future(closed -> writer.context()
        .runOnContext(v -> writer.close().onComplete(closed)))).toList()).mapEmpty();
  }
}
