package io.chat.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.auth.password.PasswordHasher;
import io.chat.common.bus.Actions;
import io.chat.common.bus.ServiceClient;
import io.chat.common.config.ConfigKeys;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
@DisplayName("The auth service")
class AuthVerticleTest {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private ServiceClient client;
  private String deployment;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext test) {
    client = new ServiceClient(vertx.eventBus(), 5000);
    // A 2-second failure window keeps the limit test short.
    vertx.deployVerticle(new AuthVerticle(stores.config(ConfigKeys.LOGIN_FAILURE_WINDOW, 2)))
        .onComplete(test.succeeding(id -> {
          deployment = id;
          test.completeNow();
        }));
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  private Future<JsonObject> register(String name, String password) {
    return client.request(Actions.Auth.REGISTER.address(), Actions.Auth.REGISTER.name(),
        new JsonObject().put("name", name).put("password", password));
  }

  private Future<JsonObject> login(JsonObject who, String password) {
    return client.request(Actions.Auth.LOGIN.address(), Actions.Auth.LOGIN.name(), who.copy().put("password", password));
  }

  private Future<ErrorCode> failure(Future<?> request) {
    return request.transform(done -> done.succeeded()
        ? Future.failedFuture("expected a failure, got " + done.result())
        : Future.succeededFuture(((ChatException) done.cause()).code()));
  }

  @Test
  @DisplayName("registers a user, storing a salted hash instead of the password")
  void registers(Vertx vertx, VertxTestContext test) {
    String name = unique("alice");
    register(name, "secret1")
        .compose(reply -> stores.sql(vertx).preparedQuery("SELECT name, password, state FROM user WHERE id = ?")
            .execute(Tuple.of(reply.getJsonObject("user").getInteger("id")))
            .map(rows -> rows.iterator().next()))
        .onComplete(test.succeeding(row -> test.verify(() -> {
          assertEquals(name, row.getString("name"));
          assertTrue(row.getString("password").startsWith("pbkdf2-sha256$1000$"));
          assertFalse(row.getString("password").contains("secret1"));
          assertEquals("offline", row.getString("state"));
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("keeps names exact: any script, case and accents make different names, and a trailing space logs no one in")
  void exactNames(VertxTestContext test) {
    String base = unique("zoë");
    Future.all(register(base, "secret1"), register(base.toUpperCase(), "secret1"),
            register(base.replace("ë", "e"), "secret1"), register("名前" + base, "secret1"))
        .compose(registered -> failure(login(new JsonObject().put("name", base + " "), "secret1")))
        .onComplete(test.succeeding(code -> test.verify(() -> {
          assertEquals(ErrorCode.BAD_CREDENTIALS, code);
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("refuses invalid names with invalid_name and invalid passwords with invalid_password")
  void validation(VertxTestContext test) {
    List<Future<ErrorCode>> checks = List.of(
        failure(register("", "secret1")),
        failure(register("has space", "secret1")),
        failure(register("tab\there", "secret1")),
        failure(register("x".repeat(51), "secret1")),
        failure(register(unique("ok"), "short")),
        failure(register(unique("ok"), "p".repeat(129))));
    Future.all(checks).onComplete(test.succeeding(done -> test.verify(() -> {
      for (int i = 0; i < 4; i++) {
        assertEquals(ErrorCode.INVALID_NAME, checks.get(i).result());
      }
      assertEquals(ErrorCode.INVALID_PASSWORD, checks.get(4).result());
      assertEquals(ErrorCode.INVALID_PASSWORD, checks.get(5).result());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("refuses a taken name with name_taken before hashing, so the refusal uses up no id")
  void takenName(VertxTestContext test) {
    String name = unique("taken");
    Future<JsonObject> registered = register(name, "secret1");
    Future<ErrorCode> refused = registered.compose(first -> failure(register(name, "secret2")));
    refused.compose(code -> register(unique("next"), "secret1")).onComplete(test.succeeding(next -> test.verify(() -> {
      assertEquals(ErrorCode.NAME_TAKEN, refused.result());
      assertEquals(registered.result().getJsonObject("user").getInteger("id") + 1,
          next.getJsonObject("user").getInteger("id"));
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("gives a taken name to exactly one of many concurrent registrations")
  void concurrentRegistrations(VertxTestContext test) {
    String name = unique("race");
    List<Future<JsonObject>> attempts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      attempts.add(register(name, "secret1"));
    }
    Future.join(attempts).onComplete(done -> test.verify(() -> {
      long won = attempts.stream().filter(Future::succeeded).count();
      assertEquals(1, won);
      for (Future<JsonObject> attempt : attempts) {
        if (attempt.failed()) {
          assertEquals(ErrorCode.NAME_TAKEN, ((ChatException) attempt.cause()).code());
        }
      }
      test.completeNow();
    }));
  }

  @Test
  @DisplayName("logs in by name or by id with the right password")
  void login(VertxTestContext test) {
    String name = unique("bob");
    register(name, "secret1").compose(reply -> {
      int id = reply.getJsonObject("user").getInteger("id");
      return login(new JsonObject().put("name", name), "secret1")
          .compose(byName -> login(new JsonObject().put("id", id), "secret1")
              .map(byId -> List.of(byName, byId, reply)));
    }).onComplete(test.succeeding(replies -> test.verify(() -> {
      assertEquals(replies.get(2).getJsonObject("user"), replies.get(0).getJsonObject("user"));
      assertEquals(replies.get(2).getJsonObject("user"), replies.get(1).getJsonObject("user"));
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("answers an unknown name and a wrong password with the same bad_credentials")
  void badCredentials(VertxTestContext test) {
    String name = unique("carol");
    register(name, "secret1").compose(r -> {
      Future<JsonObject> wrongPassword = login(new JsonObject().put("name", name), "wrong-password");
      Future<JsonObject> unknownName = login(new JsonObject().put("name", unique("nobody")), "secret1");
      Future<JsonObject> unknownId = login(new JsonObject().put("id", 999_999), "secret1");
      return Future.join(wrongPassword, unknownName, unknownId).otherwiseEmpty()
          .map(v -> List.of((ChatException) wrongPassword.cause(), (ChatException) unknownName.cause(),
              (ChatException) unknownId.cause()));
    }).onComplete(test.succeeding(errors -> test.verify(() -> {
      assertEquals(ErrorCode.BAD_CREDENTIALS, errors.get(0).code());
      for (ChatException error : errors) {
        assertEquals(errors.get(0).code(), error.code());
        assertEquals(errors.get(0).getMessage(), error.getMessage());
      }
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("refuses every login of a name after 5 failures in the window, then lets it in again")
  void failedLoginLimit(Vertx vertx, VertxTestContext test) {
    String name = unique("dave");
    String other = unique("erin");
    JsonObject dave = new JsonObject().put("name", name);
    Future<Void> failures = Future.succeededFuture();
    for (int i = 0; i < 5; i++) {
      failures = failures.compose(v -> failure(login(dave, "wrong-password")).map(code -> {
        assertEquals(ErrorCode.BAD_CREDENTIALS, code);
        return null;
      }));
    }
    Future<Void> fiveFailures = failures;
    Future.all(register(name, "secret1"), register(other, "secret1"))
        .compose(registered -> fiveFailures)
        .compose(v -> failure(login(dave, "secret1")))
        .compose(limited -> {
          assertEquals(ErrorCode.RATE_LIMITED, limited);
          return login(new JsonObject().put("name", other), "secret1");
        })
        .compose(otherStillWorks -> vertx.timer(2200))
        .compose(windowPassed -> login(dave, "secret1"))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertEquals(name, reply.getJsonObject("user").getString("name"));
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("counts logins racing in parallel: of 20 wrong ones at once, at most 5 are checked")
  void parallelLoginsLimited(VertxTestContext test) {
    String name = unique("frank");
    JsonObject frank = new JsonObject().put("name", name);
    register(name, "secret1").compose(registered -> {
      List<Future<ErrorCode>> attempts = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        attempts.add(failure(login(frank, "wrong-password")));
      }
      return Future.all(attempts).map(all -> all.<ErrorCode>list());
    }).onComplete(test.succeeding(codes -> test.verify(() -> {
      assertEquals(5, codes.stream().filter(code -> code == ErrorCode.BAD_CREDENTIALS).count(), codes.toString());
      assertEquals(15, codes.stream().filter(code -> code == ErrorCode.RATE_LIMITED).count(), codes.toString());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("re-hashes a password stored at an older cost on the next login")
  void upgradesHash(Vertx vertx, VertxTestContext test) {
    String name = unique("fay");
    String oldHash = new PasswordHasher(500).hash("secret1");
    stores.sql(vertx).preparedQuery("INSERT INTO user (name, password) VALUES (?, ?)").execute(Tuple.of(name, oldHash))
        .compose(inserted -> login(new JsonObject().put("name", name), "secret1"))
        .compose(loggedIn -> vertx.timer(500))
        .compose(later -> stores.sql(vertx).preparedQuery("SELECT password FROM user WHERE name = ?")
            .execute(Tuple.of(name)))
        .onComplete(test.succeeding(rows -> test.verify(() -> {
          assertTrue(rows.iterator().next().getString("password").startsWith("pbkdf2-sha256$1000$"));
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("answers a login storm beyond its hashing capacity with busy and retry_ms at once, keeps token logins working meanwhile, and logs in everyone who retries as told")
  void loginStorm(Vertx vertx, VertxTestContext test) {
    int users = 80;
    String prefix = unique("storm");
    // 200,000 iterations (about 60 ms here) and a 1 s timeout: about 25 hashes fit in the budget.
    String hash = new PasswordHasher(200_000).hash("secret1");
    List<Object> rows = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      rows.add(prefix + i);
      rows.add(hash);
    }
    List<JsonObject> outcomes = Collections.synchronizedList(new ArrayList<>());
    vertx.undeploy(deployment)
        .compose(v -> vertx.deployVerticle(new AuthVerticle(stores.config(ConfigKeys.PASSWORD_ITERATIONS, 200_000,
            ConfigKeys.REQUEST_TIMEOUT, 1_000))))
        .compose(v -> stores.sql(vertx).preparedQuery("INSERT INTO user (name, password) VALUES "
            + String.join(", ", Collections.nCopies(users, "(?, ?)"))).execute(Tuple.from(rows)))
        .compose(v -> login(new JsonObject().put("name", prefix + 0), "secret1"))
        .compose(first -> {
          String token = first.getString("token");
          List<Future<JsonObject>> storm = new ArrayList<>();
          for (int i = 0; i < users; i++) {
            storm.add(loginRetryingWhenBusy(vertx, prefix + i, outcomes));
          }
          // A token login in the middle of the storm is not hashed, so not refused.
          Future<JsonObject> byToken = client.request(Actions.Auth.LOGIN.address(), Actions.Auth.LOGIN.name(),
              new JsonObject().put("token", token).put("address", "127.0.0.1"));
          return Future.all(Future.all(storm), byToken);
        })
        .onComplete(test.succeeding(done -> test.verify(() -> {
          List<JsonObject> busy = outcomes.stream().filter(o -> "busy".equals(o.getString("error"))).toList();
          assertTrue(busy.size() > 0, "the storm was beyond the capacity: some were told busy");
          assertTrue(busy.stream().allMatch(o -> o.getLong("retry_ms") > 0), busy.toString());
          assertEquals(users + busy.size(), outcomes.size(), "every other answer was ok: " + outcomes.stream()
              .filter(o -> !"busy".equals(o.getString("error")) && !"ok".equals(o.getString("error"))).toList());
          assertTrue(busy.stream().map(o -> o.getLong("retry_ms")).distinct().count() > 1,
              "the retries are spread out");
          test.completeNow();
        })));
  }

  /** One login that waits retry_ms and tries again while it is told busy; outcomes get each answer. */
  private Future<JsonObject> loginRetryingWhenBusy(Vertx vertx, String name, List<JsonObject> outcomes) {
    return login(new JsonObject().put("name", name), "secret1").transform(done -> {
      if (done.succeeded()) {
        outcomes.add(new JsonObject().put("error", "ok"));
        return Future.succeededFuture(done.result());
      }
      ChatException refused = (ChatException) done.cause();
      outcomes.add(new JsonObject().put("error", refused.code().wireName()).put("retry_ms", refused.retryMillis()));
      return refused.code() == ErrorCode.BUSY
          ? vertx.timer(refused.retryMillis()).compose(t -> loginRetryingWhenBusy(vertx, name, outcomes))
          : Future.failedFuture(refused);
    });
  }
}
