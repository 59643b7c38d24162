package io.chat.cli.bench;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Prints how far a long step is, every two seconds, on standard error. */
final class Progress implements AutoCloseable {

  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "bench-progress");
    thread.setDaemon(true);
    return thread;
  });
  private final String what;
  private final long started = System.nanoTime();
  private final PrintStream err;

  private Progress(String what, long total, LongSupplier done, PrintStream err) {
    this.what = what;
    this.err = err;
    ticker.scheduleAtFixedRate(() -> {
      long now = done.getAsLong();
      err.printf("  %s: %,d of %,d (%,.0f/s)%n", what, now, total, now / seconds());
    }, 2, 2, TimeUnit.SECONDS);
  }

  static Progress of(String what, long total, LongSupplier done) {
    return new Progress(what, total, done, System.err);
  }

  double seconds() {
    return (System.nanoTime() - started) / 1e9;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }

  /** Closes, saying how long it took. */
  void done(String summary) {
    close();
    err.printf("%s: %s in %.1f s%n", what, summary, seconds());
  }
}
