package io.chat.message.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chat.store.MySqlStore;
import io.chat.store.SchemaInstaller;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
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

  private SqlClient sql;
  private UserStates states;

  @BeforeEach
  void connect(Vertx vertx) {
    sql = stores.sql(vertx);
    states = new UserStates(MySqlStore.pool(vertx, stores.config()));
  }

  private Future<Integer> user() {
    return sql.preparedQuery("INSERT INTO user (name, password) VALUES (?, 'x')")
        .execute(Tuple.of("s" + UUID.randomUUID().toString().substring(0, 8)))
        .map(rows -> rows.property(MySQLClient.LAST_INSERTED_ID).intValue());
  }

  /** Completes the test when the state reached is the one expected. */
  private static void expectState(Future<String> reached, String expected, VertxTestContext test) {
    reached.onComplete(test.succeeding(state -> test.verify(() -> {
      assertEquals(expected, state);
      test.completeNow();
    })));
  }

  /** A user's state and its version, as {@code "online 5"}. */
  private Future<String> stateOf(int user) {
    return sql.preparedQuery("SELECT state, state_version FROM user WHERE id = ?").execute(Tuple.of(user))
        .map(rows -> {
          Row row = rows.iterator().next();
          return row.getString(0) + " " + row.getLong(1);
        });
  }

  @Test
  @DisplayName("keep the newest change when a user's updates commit in any order")
  void newestWins(VertxTestContext test) {
    List<Future<Integer>> created = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      created.add(user());
    }
    Future.all(created).compose(users -> {
      // At once, as two nodes would: the last logout (version 2) and a login it followed (1),
      // the newer asked for first, so it tends to commit first.
      List<Future<Void>> updates = new ArrayList<>();
      for (Integer user : users.<Integer>list()) {
        updates.add(states.set(user, false, 2));
        updates.add(states.set(user, true, 1));
      }
      return Future.all(updates);
    }).compose(v -> sql.query("SELECT SUM(state = 'offline' AND state_version = 2), SUM(state_version = 1) FROM user")
            .execute())
        .onComplete(test.succeeding(rows -> test.verify(() -> {
          assertEquals(200L, rows.iterator().next().getLong(0), "users left offline by the newest change");
          assertEquals(0L, rows.iterator().next().getLong(1), "users left with the older change");
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("apply a newer change over an older one, and ignore an older one after a newer")
  void versionsInOrder(VertxTestContext test) {
    expectState(user().compose(user -> states.set(user, true, 10)
        .compose(v -> states.set(user, false, 20))
        .compose(v -> states.set(user, true, 15))
        .compose(v -> stateOf(user))), "offline 20", test);
  }

  @Test
  @DisplayName("are kept on a user table made before state_version existed, once the schema is applied to it")
  void upgradedTable(Vertx vertx, VertxTestContext test) {
    expectState(sql.query("ALTER TABLE user DROP COLUMN state_version").execute()
        .compose(dropped -> SchemaInstaller.install(vertx, stores.config()))
        .compose(upgraded -> SchemaInstaller.install(vertx, stores.config()))
        .compose(again -> user())
        .compose(user -> states.set(user, true, 5).compose(v -> stateOf(user))), "online 5", test);
  }
}
