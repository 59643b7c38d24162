package io.chat.message.log;

import io.vertx.core.Future;
import java.util.List;

/**
 * Several log writers side by side, each on its own connection: a conversation always goes to
 * the same one (by its hash), so its messages are still committed one batch after another, in
 * order, while batches of other conversations commit at the same time.
 */
public final class LogLanes {

  private final List<LogWriter> writers;

  public LogLanes(List<LogWriter> writers) {
    this.writers = List.copyOf(writers);
  }

  public Future<Appended> append(Draft draft) {
    return writers.get(Math.floorMod(draft.conv().hashCode(), writers.size())).append(draft);
  }

  public boolean busy() {
    return writers.stream().anyMatch(LogWriter::busy);
  }

  public Future<Void> close() {
    return Future.join(writers.stream().map(LogWriter::close).toList()).mapEmpty();
  }
}
