package io.chat.push;

import static io.chat.push.PushFixture.direct;
import static io.chat.push.PushFixture.inGroup;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chat.common.bus.push.Device;
import io.chat.common.bus.push.Provider;
import io.chat.common.config.ConfigKeys;
import io.chat.common.model.ChatMessage;
import io.chat.common.model.GroupRef;
import io.chat.common.model.UserRef;
import io.chat.testkit.TestStores;
import io.chat.testkit.WebhookStandIn;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Notifications through the webhook, against a receiver that checks their signature; retries, gone tokens, a full queue. */
@ExtendWith(VertxExtension.class)
@DisplayName("The push service, through a webhook")
class WebhookPushTest {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private static final String SECRET = "webhook-secret-🔑";
  /** 150 characters, 60 of them outside the BMP: the preview takes 100 characters, never half of one. */
  private static final String LONG_TEXT = "😀".repeat(60) + "x".repeat(90);
  private static final String PREVIEW = "😀".repeat(60) + "x".repeat(40);
  private static final GroupRef GROUP = new GroupRef(77, "crew");

  private PushFixture fx;
  private WebhookStandIn webhook;

  /** A webhook receiver, and a push service that posts to it with short timeouts and backoff. */
  private Future<Void> start(Vertx vertx, Object... settings) {
    return WebhookStandIn.start(vertx, 0, SECRET).compose(standIn -> {
      webhook = standIn;
      List<Object> all = new ArrayList<>(List.of(ConfigKeys.PUSH_WEBHOOK_URL, standIn.url(),
          ConfigKeys.PUSH_WEBHOOK_SECRET, SECRET, ConfigKeys.PUSH_TIMEOUT, 500, ConfigKeys.PUSH_BACKOFF, 20));
      all.addAll(List.of(settings));
      fx = new PushFixture(vertx, stores, all.toArray());
      return fx.deploy().mapEmpty();
    });
  }

  @AfterEach
  void close() {
    fx.close();
  }

  private static JsonObject expected(UserRef user, String token, ChatMessage message, String text) {
    JsonObject body = new JsonObject().put("user", user.toJson()).put("token", token)
        .put("conv", message.conv().toString()).put("seq", message.seq()).put("msg_id", message.msgId())
        .put("from", message.from().toJson());
    if (message.group() != null) {
      body.put("group", message.group().toJson());
    }
    if (text != null) {
      body.put("text", text);
    }
    return body.put("ts", message.ts());
  }

  private static List<JsonObject> byToken(List<JsonObject> bodies) {
    return bodies.stream().sorted(Comparator.comparing((JsonObject body) -> body.getString("msg_id"))
        .thenComparing(body -> body.getString("token"))).toList();
  }

  @Test
  @DisplayName("posts one signed notification per device of each user a message waits for, with a 100-character preview")
  void notifies(Vertx vertx, VertxTestContext test) {
    start(vertx).compose(v -> fx.users(3)).compose(users -> {
      UserRef alice = users.get(0);
      UserRef bob = users.get(1);
      UserRef carol = users.get(2);
      ChatMessage toBob = direct(alice, bob, LONG_TEXT);
      ChatMessage toGroup = inGroup(alice, GROUP, "short");
      return fx.register(bob, Provider.WEBHOOK, "b1")
          .compose(v -> fx.register(bob, Provider.WEBHOOK, "b2"))
          .compose(v -> fx.register(carol, Provider.WEBHOOK, "c1"))
          .compose(v -> fx.register(alice, Provider.WEBHOOK, "a1"))
          .compose(v -> {
            fx.stored(toBob, bob);
            fx.stored(toGroup, bob, carol);
            return webhook.await(body -> true, 5);
          })
          .compose(received -> fx.eventually(() -> Future.succeededFuture(fx.pushes(Provider.WEBHOOK, "sent") == 5))
              .map(v -> {
                test.verify(() -> {
                  assertEquals(byToken(List.of(expected(bob, "b1", toBob, PREVIEW), expected(bob, "b2", toBob, PREVIEW),
                      expected(bob, "b1", toGroup, "short"), expected(bob, "b2", toGroup, "short"),
                      expected(carol, "c1", toGroup, "short"))), byToken(webhook.received()),
                      "nothing for the sender, exactly one per device of the others");
                  assertEquals(0, webhook.rejected(), "every request signed");
                  assertEquals(0, fx.queueLength(Provider.WEBHOOK));
                });
                return received;
              }));
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("sends no text when previews are off")
  void noPreview(Vertx vertx, VertxTestContext test) {
    start(vertx, ConfigKeys.PUSH_PREVIEW, "false").compose(v -> fx.users(2)).compose(users -> {
      ChatMessage message = direct(users.get(0), users.get(1), "a secret");
      return fx.register(users.get(1), Provider.WEBHOOK, "t")
          .compose(v -> {
            fx.stored(message, users.get(1));
            return webhook.await(body -> true, 1);
          })
          .map(received -> {
            test.verify(() -> assertEquals(List.of(expected(users.get(1), "t", message, null)), received));
            return received;
          });
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("removes a token the webhook answers 410 for, from every user who registered it")
  void goneToken(Vertx vertx, VertxTestContext test) {
    start(vertx).compose(v -> fx.users(3)).compose(users -> {
      UserRef alice = users.get(0);
      UserRef bob = users.get(1);
      UserRef carol = users.get(2);
      webhook.answer(body -> "shared".equals(body.getString("token")) ? 410 : 200);
      return fx.register(bob, Provider.WEBHOOK, "shared")
          .compose(v -> fx.register(bob, Provider.WEBHOOK, "kept"))
          .compose(v -> fx.register(carol, Provider.WEBHOOK, "shared"))
          .compose(v -> {
            fx.stored(direct(alice, bob, "hi"), bob);
            return fx.eventually(() -> Future.succeededFuture(fx.pushes(Provider.WEBHOOK, "gone") == 1
                && fx.pushes(Provider.WEBHOOK, "sent") == 1));
          })
          .compose(v -> fx.eventually(() -> fx.devices(carol).map(List::isEmpty)))
          .compose(v -> fx.devices(bob))
          .map(devices -> {
            test.verify(() -> assertEquals(List.of(new Device(Provider.WEBHOOK, "kept")), devices));
            return devices;
          });
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("tries again after a 5xx and after no answer in time, and counts each push sent once")
  void retries(Vertx vertx, VertxTestContext test) {
    Map<String, Integer> tries = new ConcurrentHashMap<>();
    start(vertx).compose(v -> fx.users(2)).compose(users -> {
      webhook.answer(body -> {
        int attempt = tries.merge(body.getString("token"), 1, Integer::sum);
        if (attempt > 1) {
          return 200;
        }
        return "slow".equals(body.getString("token")) ? WebhookStandIn.NO_ANSWER : 503;
      });
      return fx.register(users.get(1), Provider.WEBHOOK, "down")
          .compose(v -> fx.register(users.get(1), Provider.WEBHOOK, "slow"))
          .compose(v -> {
            fx.stored(direct(users.get(0), users.get(1), "hi"), users.get(1));
            return fx.eventually(() -> Future.succeededFuture(fx.pushes(Provider.WEBHOOK, "sent") == 2));
          });
    }).onComplete(test.succeeding(v -> test.verify(() -> {
      assertEquals(Map.of("down", 2, "slow", 2), tries);
      assertEquals(0, fx.pushes(Provider.WEBHOOK, "failed"));
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("gives up after the configured retries and counts the push failed")
  void givesUp(Vertx vertx, VertxTestContext test) {
    start(vertx, ConfigKeys.PUSH_RETRIES, 2).compose(v -> fx.users(2)).compose(users -> {
      webhook.answer(body -> 503);
      return fx.register(users.get(1), Provider.WEBHOOK, "t")
          .compose(v -> {
            fx.stored(direct(users.get(0), users.get(1), "hi"), users.get(1));
            return fx.eventually(() -> Future.succeededFuture(fx.pushes(Provider.WEBHOOK, "failed") == 1));
          })
          // Time for a fourth try, were there one.
          .compose(v -> vertx.timer(200))
          .compose(v -> fx.devices(users.get(1)));
    }).onComplete(test.succeeding(devices -> test.verify(() -> {
      assertEquals(3, webhook.received().size(), "the first try and two retries");
      assertEquals(List.of(new Device(Provider.WEBHOOK, "t")), devices, "a failing provider removes no device");
      assertEquals(0, fx.pushes(Provider.WEBHOOK, "sent"));
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("drops, and counts, a notification that finds its provider's queue full")
  void fullQueue(Vertx vertx, VertxTestContext test) {
    start(vertx, ConfigKeys.PUSH_QUEUE, 1, ConfigKeys.PUSH_CONCURRENCY, 1, ConfigKeys.PUSH_TIMEOUT, 60_000)
        .compose(v -> fx.users(2)).compose(users -> {
          webhook.answer(body -> WebhookStandIn.NO_ANSWER);
          return fx.register(users.get(1), Provider.WEBHOOK, "t1")
              .compose(v -> fx.register(users.get(1), Provider.WEBHOOK, "t2"))
              .compose(v -> fx.register(users.get(1), Provider.WEBHOOK, "t3"))
              .compose(v -> {
                fx.stored(direct(users.get(0), users.get(1), "hi"), users.get(1));
                return fx.eventually(() -> Future.succeededFuture(fx.pushes(Provider.WEBHOOK, "dropped") == 1));
              })
              .compose(v -> webhook.await(body -> true, 1));
        }).onComplete(test.succeeding(received -> test.verify(() -> {
          assertEquals(List.of("t1"), received.stream().map(body -> body.getString("token")).toList(),
              "one worker, hung on the first");
          assertEquals(1, fx.queueLength(Provider.WEBHOOK), "the second waits");
          assertEquals(0, fx.pushes(Provider.WEBHOOK, "sent") + fx.pushes(Provider.WEBHOOK, "failed"));
          test.completeNow();
        })));
  }
}
