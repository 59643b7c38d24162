package io.chat.message.log;

import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the drafts of the message service into batches, one transaction each, with one batch
 * in flight at a time, on a MySQL connection of its own. A draft that finds the writer idle
 * waits only for the rest of its event loop turn (the requests already queued join it); drafts
 * that come while a batch commits form the next batch, which starts the moment the first one is
 * done. So a batch is as large as the load makes it, and a message at rest costs one commit.
 *
 * <p>Outcomes complete in the order of the drafts, so whoever acts on them (the fan-out) sees a
 * conversation's messages in seq order. A failed batch fails all its drafts with
 * {@code unavailable}: none of them was written. A batch that does not commit within its
 * deadline fails the same way: its transaction is rolled back instead of committed whenever
 * MySQL answers its statements, its connection is closed after that, and the next batch goes
 * over a new one. So a sender told {@code unavailable} finds the message nowhere. (Only a commit
 * that MySQL took and whose answer was then lost on the way back can still land; a sender who
 * retries with the same cid then gets that message, flagged as a duplicate.) A draft that
 * waited longer than the deadline before its batch began fails without being written.
 *
 * <p>Use from one context: the one it was made on.
 */
public final class LogWriter {

  private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);
  private static final int MAX_BATCH = 512;

  private final Context context;
  private final LogStore store;
  private final Supplier<Future<SqlConnection>> connector;
  private final long deadlineMillis;
  private final DistributionSummary batchSizes;
  private final Timer batchTimes;
  private final ArrayDeque<Queued> queued = new ArrayDeque<>();
  private Future<SqlConnection> connection;
  private boolean writing;
  private boolean scheduled;
  /** Whether the last batch failed: a failure and the recovery are logged once each. */
  private boolean failing;

  private record Queued(Draft draft, Promise<Appended> outcome, long deadline) {
  }

  /**
   * @param connector opens the writer's connection (again, after one failed)
   * @param deadlineMillis how long a draft may take from its arrival to its commit
   * @param metrics where the sizes and times of its batches go (shared by the writers of a node)
   */
  public LogWriter(Context context, LogStore store, Supplier<Future<SqlConnection>> connector, long deadlineMillis,
      MeterRegistry metrics) {
    this.context = context;
    this.store = store;
    this.connector = connector;
    this.deadlineMillis = deadlineMillis;
    this.batchSizes = DistributionSummary.builder("chat.log.batch.messages")
        .description("Messages in each batch the log writers wrote, committed or not")
        .register(metrics);
    this.batchTimes = Timer.builder("chat.log.batch")
        .description("From the start of a log writer's batch to its commit or failure")
        .register(metrics);
  }

  public Future<Appended> append(Draft draft) {
    Promise<Appended> outcome = Promise.promise();
    queued.add(new Queued(draft, outcome, System.currentTimeMillis() + deadlineMillis));
    if (!writing && !scheduled) {
      scheduled = true;
      context.runOnContext(v -> {
        scheduled = false;
        writeNext();
      });
    }
    return outcome.future();
  }

  /** The context the writer is used from. */
  public Context context() {
    return context;
  }

  /** Closes the writer's connection. */
  public Future<Void> close() {
    Future<SqlConnection> open = connection;
    connection = null;
    return open == null ? Future.succeededFuture() : open.compose(SqlConnection::close).otherwiseEmpty();
  }

  private void writeNext() {
    if (writing || queued.isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    List<Queued> batch = new ArrayList<>(Math.min(queued.size(), MAX_BATCH));
    while (!queued.isEmpty() && batch.size() < MAX_BATCH) {
      Queued next = queued.poll();
      if (next.deadline() <= now) {
        next.outcome().fail(new ChatException(ErrorCode.UNAVAILABLE, "the message store did not answer in time"));
      } else {
        batch.add(next);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    writing = true;
    batchSizes.record(batch.size());
    long started = System.nanoTime();
    List<Draft> drafts = batch.stream().map(Queued::draft).toList();
    Promise<List<Appended>> written = Promise.promise();
    Future<SqlConnection> used = connection();
    long timer = context.owner().setTimer(Math.max(1, batch.get(0).deadline() - now), t -> {
      if (written.tryFail("the message store did not commit in time")) {
        // The next batch takes a new connection; this one is closed once its transaction,
        // which is rolled back now instead of committed, is over.
        if (connection == used) {
          connection = null;
        }
      }
    });
    used.compose(open -> store.append(open, drafts, () -> written.future().isComplete())).onComplete(done -> {
      if (written.future().isComplete() || done.failed()) {
        // Abandoned or failed: the connection may be in any state, and is not used again.
        if (connection == used) {
          connection = null;
        }
        used.compose(SqlConnection::close);
      }
      if (done.succeeded()) {
        written.tryComplete(done.result());
      } else {
        written.tryFail(done.cause());
      }
    });
    written.future().onComplete(done -> {
      batchTimes.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      context.owner().cancelTimer(timer);
      writing = false;
      if (done.succeeded()) {
        succeeded(batch, done.result());
      } else {
        failed(batch, done.cause());
      }
      writeNext();
    });
  }

  /**
   * The writer's connection, opened when there is none. One that MySQL closes while the writer
   * is idle (a restart, a cut) is forgotten at once, so the next batch does not fail on it.
   */
  private Future<SqlConnection> connection() {
    if (connection == null || connection.failed()) {
      Future<SqlConnection> opened = connector.get();
      connection = opened;
      opened.onSuccess(open -> open.closeHandler(v -> {
        if (connection == opened) {
          connection = null;
        }
      }));
    }
    return connection;
  }

  private void succeeded(List<Queued> batch, List<Appended> outcomes) {
    if (failing) {
      failing = false;
      LOG.info("the message log takes messages again");
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).outcome().complete(outcomes.get(i));
    }
  }

  private void failed(List<Queued> batch, Throwable cause) {
    if (!failing) {
      failing = true;
      LOG.warn("the message log cannot take messages, senders get unavailable: {}", cause.toString());
    }
    ChatException failure = new ChatException(ErrorCode.UNAVAILABLE, "the message store is unavailable, "
        + "the message was not sent");
    batch.forEach(queued -> queued.outcome().fail(failure));
  }
}
