package io.chat.message.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chat.store.MySqlStore;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code user.state} updates against the real MySQL pool the message service uses. */
@ExtendWith(VertxExtension.class)
@DisplayName("User states")
class UserStatesTest {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private static Future<Integer> user(SqlClient sql) {
    return sql.preparedQuery("INSERT INTO user (name, password) VALUES (?, 'x')")
        .execute(Tuple.of("s" + UUID.randomUUID().toString().substring(0, 8)))
        .map(rows -> rows.property(MySQLClient.LAST_INSERTED_ID).intValue());
  }

  @Test
  @DisplayName("end in the state asked for last, when a user's updates are asked for at once")
  void lastAskedWins(Vertx vertx, VertxTestContext test) {
    SqlClient sql = stores.sql(vertx);
    Pool pool = MySqlStore.pool(vertx, stores.config());
    UserStates states = new UserStates(pool);
    List<Future<Integer>> created = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      created.add(user(sql));
    }
    Future.all(created).compose(users -> {
      // On one context, as in the message service: online then offline for each, without waiting.
      Promise<Void> updated = Promise.promise();
      vertx.getOrCreateContext().runOnContext(v -> {
        List<Future<Void>> updates = new ArrayList<>();
        for (Integer user : users.<Integer>list()) {
          updates.add(states.set(user, true));
          updates.add(states.set(user, false));
        }
        Future.all(updates).<Void>mapEmpty().onComplete(updated);
      });
      return updated.future().compose(v -> sql.query("SELECT COUNT(*) FROM user WHERE state = 'online'").execute());
    }).onComplete(test.succeeding(rows -> test.verify(() -> {
      assertEquals(0L, rows.iterator().next().getLong(0));
      test.completeNow();
    })));
  }
}
