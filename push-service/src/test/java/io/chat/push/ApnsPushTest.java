package io.chat.push;

import static io.chat.push.PushFixture.direct;
import static io.chat.push.PushFixture.inGroup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.bus.push.Device;
import io.chat.common.bus.push.Provider;
import io.chat.common.config.ConfigKeys;
import io.chat.common.model.ChatMessage;
import io.chat.common.model.GroupRef;
import io.chat.common.model.UserRef;
import io.chat.push.ApnsStandIn.Answer;
import io.chat.push.ApnsStandIn.Push;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Notifications through APNs (token-based, HTTP/2), against a stand-in that checks what Apple checks. */
@ExtendWith(VertxExtension.class)
@DisplayName("The push service, through APNs")
class ApnsPushTest {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private static KeyPair teamKey;

  @TempDir
  Path dir;

  private PushFixture fx;
  private ApnsStandIn apns;

  @BeforeAll
  static void keys() {
    teamKey = TestKeys.ecP256();
  }

  private Future<Void> start(Vertx vertx) {
    return ApnsStandIn.start(vertx, (ECPublicKey) teamKey.getPublic()).compose(standIn -> {
      apns = standIn;
      try {
        fx = new PushFixture(vertx, stores, keySettings(Files.writeString(dir.resolve("AuthKey.p8"),
            TestKeys.pem(teamKey.getPrivate())), ConfigKeys.APNS_ENDPOINT, standIn.endpoint(),
            ConfigKeys.PUSH_TIMEOUT, 2000, ConfigKeys.PUSH_BACKOFF, 20));
      } catch (IOException e) {
        return Future.failedFuture(e);
      }
      return fx.deploy().mapEmpty();
    });
  }

  private static Object[] keySettings(Path keyFile, Object... more) {
    List<Object> settings = new ArrayList<>(List.of(ConfigKeys.APNS_KEY_FILE, keyFile.toString(),
        ConfigKeys.APNS_KEY_ID, ApnsStandIn.KEY_ID, ConfigKeys.APNS_TEAM_ID, ApnsStandIn.TEAM_ID,
        ConfigKeys.APNS_TOPIC, ApnsStandIn.TOPIC));
    settings.addAll(List.of(more));
    return settings.toArray();
  }

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private static JsonObject expected(ChatMessage message, String title, String body) {
    return new JsonObject()
        .put("aps", new JsonObject().put("alert", new JsonObject().put("title", title).put("body", body))
            .put("sound", "default"))
        .put("conv", message.conv().toString()).put("seq", message.seq()).put("msg_id", message.msgId());
  }

  @Test
  @DisplayName("sends each notification over HTTP/2 with a provider token signed by the team's key, reused for each")
  void sends(Vertx vertx, VertxTestContext test) {
    GroupRef group = new GroupRef(9, "crew");
    // An APNs token is hex; whatever a client registered stays one path segment.
    String odd = "ab/../cd?x=1 y";
    start(vertx).compose(v -> fx.users(2)).compose(users -> {
      UserRef alice = users.get(0);
      UserRef bob = users.get(1);
      ChatMessage toBob = direct(alice, bob, "hi bob");
      ChatMessage toGroup = inGroup(alice, group, "hi crew");
      return fx.register(bob, Provider.APNS, "a1b2c3")
          .compose(v -> fx.register(bob, Provider.APNS, odd))
          .compose(v -> {
            fx.stored(toBob, bob);
            fx.stored(toGroup, bob);
            return fx.eventually(() -> Future.succeededFuture(fx.pushes(Provider.APNS, "sent") == 4));
          })
          .map(v -> {
            test.verify(() -> {
              assertEquals(List.of(), apns.problems());
              List<Push> pushes = apns.pushes().stream().sorted(Comparator.comparing((Push push) ->
                  push.body().getString("msg_id")).thenComparing(Push::device)).toList();
              assertEquals(List.of("a1b2c3", odd, "a1b2c3", odd), pushes.stream().map(Push::device).toList());
              assertEquals(List.of(toBob.conv().toString(), toBob.conv().toString(), "g:9", "g:9"),
                  pushes.stream().map(Push::collapseId).toList(), "notifications of a conversation collapse");
              assertEquals(List.of(expected(toBob, alice.name(), "hi bob"), expected(toBob, alice.name(), "hi bob"),
                  expected(toGroup, "crew", "hi crew"), expected(toGroup, "crew", "hi crew")),
                  pushes.stream().map(Push::body).toList());
              assertEquals(1, pushes.stream().map(Push::jwt).distinct().count(), "one provider token, reused");
            });
            return v;
          });
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("removes a token APNs answers 410 Unregistered or 400 BadDeviceToken for, and no other")
  void goneTokens(Vertx vertx, VertxTestContext test) {
    Map<String, Answer> answers = Map.of("uninstalled", new Answer(410, "Unregistered"),
        "garbled", new Answer(400, "BadDeviceToken"), "wrong-app", new Answer(400, "DeviceTokenNotForTopic"));
    start(vertx).compose(v -> fx.users(2)).compose(users -> {
      apns.answer(push -> answers.getOrDefault(push.device(), new Answer(200, null)));
      return fx.register(users.get(1), Provider.APNS, "uninstalled")
          .compose(v -> fx.register(users.get(1), Provider.APNS, "garbled"))
          .compose(v -> fx.register(users.get(1), Provider.APNS, "wrong-app"))
          .compose(v -> fx.register(users.get(1), Provider.APNS, "fine"))
          .compose(v -> {
            fx.stored(direct(users.get(0), users.get(1), "hi"), users.get(1));
            return fx.eventually(() -> Future.succeededFuture(fx.pushes(Provider.APNS, "gone") == 2
                && fx.pushes(Provider.APNS, "failed") == 1 && fx.pushes(Provider.APNS, "sent") == 1));
          })
          .compose(v -> fx.eventually(() -> fx.devices(users.get(1)).map(devices -> devices.size() == 2)))
          .compose(v -> fx.devices(users.get(1)));
    }).onComplete(test.succeeding(devices -> test.verify(() -> {
      assertEquals(List.of(new Device(Provider.APNS, "wrong-app"), new Device(Provider.APNS, "fine")), devices);
      assertEquals(4, apns.pushes().size(), "a refusal for good is not tried again");
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("does not start when the key file holds no P-256 key, and says which setting is wrong")
  void badKey(Vertx vertx, VertxTestContext test) throws IOException {
    Path rsa = Files.writeString(dir.resolve("rsa.p8"), TestKeys.pem(TestKeys.rsa().getPrivate()));
    Path text = Files.writeString(dir.resolve("text.p8"), "not a key");
    Future.all(startFailure(vertx, rsa), startFailure(vertx, text), startFailure(vertx, dir.resolve("missing.p8")))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          for (Object message : all.list()) {
            assertTrue(message.toString().startsWith("CHAT_APNS_KEY_FILE "), message.toString());
          }
          test.completeNow();
        })));
  }

  /** Why a push service with this key file did not start ("started" if it did). */
  private static Future<String> startFailure(Vertx vertx, Path keyFile) {
    PushFixture broken = new PushFixture(vertx, stores, keySettings(keyFile));
    return broken.deploy().transform(done -> {
      broken.close();
      return Future.succeededFuture(done.succeeded() ? "started" : done.cause().getMessage());
    });
  }
}
