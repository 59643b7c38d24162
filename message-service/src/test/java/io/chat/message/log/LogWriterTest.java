package io.chat.message.log;

import static io.chat.message.log.LogFixture.direct;
import static io.chat.message.log.LogFixture.toGroup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.model.ConvId;
import io.chat.common.model.GroupRef;
import io.chat.common.model.UserRef;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.message.route.MessageIds;
import io.chat.store.MySqlStore;
import io.chat.testkit.FaultProxy;
import io.chat.testkit.TestStores;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The log writer on its own connection to MariaDB, used from one context as the message
 * verticle uses it: batching, the order of outcomes, and a store that stops answering (through
 * a {@link FaultProxy}).
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The log writer")
class LogWriterTest {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private LogFixture db;
  private LogStore store;
  private final MeterRegistry metrics = new SimpleMeterRegistry();

  @BeforeEach
  void setUp(Vertx vertx) {
    db = new LogFixture(vertx, stores);
    store = new LogStore(new MessageIds("w1")::next);
  }

  /** Opens the writer's connections on demand, as the verticle's connector does, and keeps them for the test. */
  private static final class Connections implements Supplier<Future<SqlConnection>> {

    private final Supplier<Future<SqlConnection>> open;
    final List<Future<SqlConnection>> opened = new CopyOnWriteArrayList<>();
    final List<Future<Void>> closed = new CopyOnWriteArrayList<>();

    Connections(Supplier<Future<SqlConnection>> open) {
      this.open = open;
    }

    @Override
    public Future<SqlConnection> get() {
      Promise<Void> gone = Promise.promise();
      closed.add(gone.future());
      Future<SqlConnection> connection = open.get().map(c -> watched(c, gone)).onFailure(failure -> gone.tryComplete());
      opened.add(connection);
      return connection;
    }

    /** The connection, telling gone when it closes, also once the writer sets a close handler of its own. */
    private static SqlConnection watched(SqlConnection connection, Promise<Void> gone) {
      connection.closeHandler(v -> gone.tryComplete());
      return (SqlConnection) Proxy.newProxyInstance(SqlConnection.class.getClassLoader(),
          new Class<?>[] {SqlConnection.class}, (proxy, method, args) -> {
            if (method.getName().equals("closeHandler")) {
              @SuppressWarnings("unchecked")
              Handler<Void> handler = (Handler<Void>) args[0];
              connection.closeHandler(v -> {
                gone.tryComplete();
                handler.handle(v);
              });
              return proxy;
            }
            try {
              return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }
  }

  /** How many COMMITs and ROLLBACKs that connection has sent, as {@code {commits, rollbacks}}. */
  private static Future<long[]> transactions(SqlConnection connection) {
    return connection.query("SHOW SESSION STATUS WHERE Variable_name IN ('Com_commit', 'Com_rollback')").execute()
        .map(rows -> {
          long[] counts = new long[2];
          for (Row row : rows) {
            counts[row.getString(0).equalsIgnoreCase("Com_commit") ? 0 : 1] = Long.parseLong(row.getString(1));
          }
          return counts;
        });
  }

  /** Runs work on the writer's context and hands back what it completes with. */
  private static <T> Future<T> on(Context context, Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(done));
    return done.future();
  }

  @Test
  @DisplayName("writes the drafts of one event-loop turn as one batch (one transaction), completing them in draft order")
  void oneTurnOneBatch(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    Connections connections = new Connections(db::writerConnection);
    LogWriter writer = new LogWriter(context, store, connections, 10_000, metrics);
    List<Integer> completed = new CopyOnWriteArrayList<>();
    Map<String, Object> seen = new HashMap<>();
    db.users(3).compose(users -> db.group(users).map(group -> Map.entry(users, group)))
        .compose(made -> on(context, () -> {
          List<UserRef> users = made.getKey();
          GroupRef group = made.getValue();
          seen.put("ab", ConvId.direct(users.get(0).id(), users.get(1).id()));
          seen.put("g", ConvId.group(group.id()));
          List<Future<Appended>> outcomes = new ArrayList<>();
          for (int i = 0; i < 20; i++) {
            int index = i;
            Draft draft = i % 3 == 0 ? direct(users.get(i % 2), users.get(1 - i % 2), "d" + i, "cid-" + i)
                : toGroup(users.get(i % 3), group, "g" + i, null);
            outcomes.add(writer.append(draft).onComplete(done -> completed.add(index)));
          }
          seen.put("answeredInTurn", outcomes.stream().anyMatch(Future::isComplete));
          return Future.all(outcomes).map(all -> outcomes.stream().map(Future::result).toList());
        }))
        .compose(outcomes -> {
          seen.put("outcomes", outcomes);
          return connections.opened.get(0).compose(LogWriterTest::transactions);
        })
        .onComplete(test.succeeding(counts -> test.verify(() -> {
          @SuppressWarnings("unchecked")
          List<Appended> outcomes = (List<Appended>) seen.get("outcomes");
          assertEquals(false, seen.get("answeredInTurn"), "the drafts wait for the end of their turn");
          assertEquals(IntStream.range(0, 20).boxed().toList(), completed, "outcomes complete in draft order");
          assertEquals(1, connections.opened.size(), "one connection");
          assertEquals(1L, counts[0], "one commit for the twenty drafts");
          assertEquals(0L, counts[1], "no rollback");
          long direct = 0;
          long inGroup = 0;
          for (int i = 0; i < outcomes.size(); i++) {
            Appended outcome = outcomes.get(i);
            assertFalse(outcome.reply().duplicate());
            if (i % 3 == 0) {
              assertEquals(seen.get("ab"), outcome.reply().conv());
              assertEquals(++direct, outcome.reply().seq(), "draft " + i);
            } else {
              assertEquals(seen.get("g"), outcome.reply().conv());
              assertEquals(++inGroup, outcome.reply().seq(), "draft " + i);
            }
          }
          assertEquals(1, outcomes.stream().map(o -> o.reply().ts()).distinct().count(),
              "one batch, one clock reading");
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("gathers the drafts that come while a batch commits into the next batch, and keeps the order across batches")
  void nextBatchWhileCommitting(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    Connections connections = new Connections(db::writerConnection);
    LogWriter writer = new LogWriter(context, store, connections, 10_000, metrics);
    List<Integer> completed = new CopyOnWriteArrayList<>();
    List<Future<Appended>> outcomes = new CopyOnWriteArrayList<>();
    db.users(2).compose(users -> on(context, () -> {
      outcomes.add(writer.append(direct(users.get(0), users.get(1), "first", null))
          .onComplete(done -> completed.add(0)));
      // The next turn: the first batch is in flight by then.
      Promise<Void> queued = Promise.promise();
      context.runOnContext(v -> {
        for (int i = 1; i <= 10; i++) {
          int index = i;
          outcomes.add(writer.append(direct(users.get(i % 2), users.get(1 - i % 2), "next " + i, null))
              .onComplete(done -> completed.add(index)));
        }
        queued.complete();
      });
      return queued.future().compose(v -> Future.all(new ArrayList<>(outcomes)));
    }))
        .compose(all -> connections.opened.get(0).compose(LogWriterTest::transactions))
        .onComplete(test.succeeding(counts -> test.verify(() -> {
          assertEquals(IntStream.rangeClosed(0, 10).boxed().toList(), completed, "outcomes complete in draft order");
          assertEquals(2L, counts[0], "two batches: the first draft's, and the ten that came while it committed");
          assertEquals(IntStream.rangeClosed(1, 11).mapToObj(i -> (long) i).toList(),
              outcomes.stream().map(o -> o.result().reply().seq()).toList(), "seq in draft order");
          assertEquals(1, connections.opened.size(), "one connection for both");
          DistributionSummary sizes = metrics.get("chat.log.batch.messages").summary();
          assertEquals(2, sizes.count(), "two batches measured");
          assertEquals(11.0, sizes.totalAmount(), "of 1 and 10 messages");
          assertEquals(10.0, sizes.max());
          assertEquals(2, metrics.get("chat.log.batch").timer().count(), "and timed");
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("forgets a connection MySQL closed while the writer was idle, so the next draft is written on a new one")
  void closedWhileIdle(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    FaultProxy.start(vertx, "127.0.0.1", 3306).compose(proxy -> {
      Connections connections = new Connections(() -> db.writerConnection(proxy.port()));
      LogWriter writer = new LogWriter(context, store, connections, 5_000, metrics);
      return db.users(2).compose(users -> on(context,
              () -> writer.append(direct(users.get(0), users.get(1), "before", null)))
          .compose(before -> {
            // MySQL goes away and comes back while the writer has nothing to write.
            proxy.cut();
            return connections.closed.get(0);
          })
          .compose(closed -> {
            proxy.restore();
            return on(context, () -> writer.append(direct(users.get(1), users.get(0), "after", null)));
          })
          .map(after -> List.of(after, connections.opened.size())));
    }).onComplete(test.succeeding(result -> test.verify(() -> {
      assertEquals(2L, ((Appended) result.get(0)).reply().seq(), "written, not refused as unavailable");
      assertEquals(2, result.get(1), "on a second connection");
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("fails drafts with unavailable at their deadline when MySQL stops answering, leaves nothing of them, and writes again once it is back")
  void storeHangs(Vertx vertx, VertxTestContext test) {
    long deadline = 1_500;
    Context context = vertx.getOrCreateContext();
    Map<String, Object> seen = new HashMap<>();
    FaultProxy.start(vertx, "127.0.0.1", 3306).compose(proxy -> {
      seen.put("proxy", proxy);
      Connections connections = new Connections(() -> db.writerConnection(proxy.port()));
      seen.put("connections", connections);
      LogWriter writer = new LogWriter(context, store, connections, deadline, metrics);
      return db.users(2).compose(users -> {
        UserRef a = users.get(0);
        UserRef b = users.get(1);
        ConvId ab = ConvId.direct(a.id(), b.id());
        seen.put("ab", ab);
        return on(context, () -> writer.append(direct(a, b, "before", "cid-before")))
            .compose(before -> {
              seen.put("before", before);
              proxy.hang();
              return on(context, () -> {
                long start = System.currentTimeMillis();
                Future<Throwable> lost = writer.append(direct(a, b, "lost", "cid-lost"))
                    .map(ok -> (Throwable) null).otherwise(failure -> failure)
                    .onComplete(done -> seen.put("lostAfter", System.currentTimeMillis() - start));
                // Comes while the batch hangs: it waits, then its own batch hangs at the connect.
                Promise<Throwable> queued = Promise.promise();
                vertx.setTimer(200, t -> writer.append(direct(b, a, "queued", "cid-queued"))
                    .map(ok -> (Throwable) null).otherwise(failure -> failure).onComplete(queued));
                return Future.all(lost, queued.future());
              });
            })
            .compose(failures -> {
              seen.put("lost", failures.resultAt(0));
              seen.put("queued", failures.resultAt(1));
              proxy.restore();
              // The abandoned batches' connections finish their transactions (rolled back) and are closed.
              return Future.all(new ArrayList<>(connections.closed));
            })
            .compose(v -> Future.all(
                db.rows("SELECT seq, text FROM message WHERE conv = ? ORDER BY seq", ab.toString()),
                db.head(ab),
                db.count("SELECT COUNT(*) FROM message_cid WHERE cid IN ('cid-lost', 'cid-queued')")))
            .compose(afterHang -> {
              seen.put("afterHang", afterHang);
              return on(context, () -> Future.all(writer.append(direct(a, b, "after", "cid-lost")),
                  writer.append(direct(b, a, "after too", "cid-queued"))));
            })
            .compose(after -> {
              seen.put("after", after);
              return db.rows("SELECT seq, text FROM message WHERE conv = ? ORDER BY seq", ab.toString());
            })
            .eventually(() -> on(context, writer::close));
      }).eventually(proxy::close);
    }).onComplete(test.succeeding(finalRows -> test.verify(() -> {
      Connections connections = (Connections) seen.get("connections");
      assertEquals(1L, ((Appended) seen.get("before")).reply().seq());
      for (String name : List.of("lost", "queued")) {
        Throwable failure = (Throwable) seen.get(name);
        assertNotNull(failure, "the " + name + " draft failed");
        assertTrue(failure instanceof ChatException, name + ": " + failure);
        assertEquals(ErrorCode.UNAVAILABLE, ((ChatException) failure).code(), name + ": " + failure);
      }
      long lostAfter = (Long) seen.get("lostAfter");
      assertTrue(lostAfter >= deadline - 100 && lostAfter < deadline + 5_000,
          "the hung draft failed at its deadline of " + deadline + " ms, not " + lostAfter + " ms after");
      CompositeFuture afterHang = (CompositeFuture) seen.get("afterHang");
      assertEquals(List.of("1 before"), afterHang.<List<Row>>resultAt(0).stream()
          .map(r -> r.getLong(0) + " " + r.getString(1)).toList(), "the failed drafts are nowhere in the log");
      assertEquals(1L, afterHang.<long[]>resultAt(1)[0], "and took no seq");
      assertEquals(0L, afterHang.<Long>resultAt(2), "nor kept their cids");
      CompositeFuture after = (CompositeFuture) seen.get("after");
      Appended first = after.resultAt(0);
      Appended second = after.resultAt(1);
      assertEquals(2L, first.reply().seq(), "the log goes on at the next seq");
      assertEquals(3L, second.reply().seq());
      assertFalse(first.reply().duplicate(), "a cid of a failed draft names nothing: the retry is sent");
      assertFalse(second.reply().duplicate());
      assertEquals(List.of("1 before", "2 after", "3 after too"),
          finalRows.stream().map(r -> r.getLong(0) + " " + r.getString(1)).toList());
      assertTrue(connections.opened.size() >= 2, "the writer left the hung connection for a new one");
      test.completeNow();
    })));
  }
}
