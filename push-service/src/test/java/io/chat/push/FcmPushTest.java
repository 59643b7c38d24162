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
import java.security.interfaces.RSAPublicKey;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Notifications through FCM's HTTP v1 API, against stand-ins of Google's token endpoint and FCM. */
@ExtendWith(VertxExtension.class)
@DisplayName("The push service, through FCM")
class FcmPushTest {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private static KeyPair serviceAccount;

  @TempDir
  Path dir;

  private PushFixture fx;
  private FcmStandIn fcm;

  @BeforeAll
  static void keys() {
    serviceAccount = TestKeys.rsa();
  }

  /** The service account's key file, as the Firebase console hands it out, naming the stand-in's token URI. */
  private Path credentials(String tokenUri) throws IOException {
    JsonObject account = new JsonObject().put("type", "service_account").put("project_id", FcmStandIn.PROJECT)
        .put("private_key_id", FcmStandIn.KEY_ID).put("private_key", TestKeys.pem(serviceAccount.getPrivate()))
        .put("client_email", FcmStandIn.CLIENT_EMAIL).put("client_id", "1234567890")
        .put("token_uri", tokenUri);
    return Files.writeString(dir.resolve("service-account.json"), account.encodePrettily());
  }

  private Future<Void> start(Vertx vertx) {
    return FcmStandIn.start(vertx, (RSAPublicKey) serviceAccount.getPublic()).compose(standIn -> {
      fcm = standIn;
      try {
        fx = new PushFixture(vertx, stores, ConfigKeys.FCM_CREDENTIALS, credentials(standIn.tokenUri()).toString(),
            ConfigKeys.FCM_ENDPOINT, standIn.endpoint() + "/", ConfigKeys.PUSH_TIMEOUT, 2000,
            ConfigKeys.PUSH_BACKOFF, 20);
      } catch (IOException e) {
        return Future.failedFuture(e);
      }
      return fx.deploy().mapEmpty();
    });
  }

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private static JsonObject expected(String token, ChatMessage message, String title, String body) {
    return new JsonObject().put("token", token)
        .put("notification", new JsonObject().put("title", title).put("body", body))
        .put("data", new JsonObject().put("conv", message.conv().toString()).put("seq", Long.toString(message.seq()))
            .put("msg_id", message.msgId()));
  }

  private static List<JsonObject> sorted(List<JsonObject> messages) {
    return messages.stream().sorted(Comparator.comparing((JsonObject m) -> m.getJsonObject("data").getString("msg_id"))
        .thenComparing(m -> m.getString("token"))).toList();
  }

  @Test
  @DisplayName("gets an access token once, with an assertion signed by the service account, and sends each notification with it")
  void sends(Vertx vertx, VertxTestContext test) {
    GroupRef group = new GroupRef(5, "the-crew");
    start(vertx).compose(v -> fx.users(2)).compose(users -> {
      UserRef alice = users.get(0);
      UserRef bob = users.get(1);
      ChatMessage toBob = direct(alice, bob, "x".repeat(120));
      ChatMessage toGroup = inGroup(alice, group, "hello crew");
      return fx.register(bob, Provider.FCM, "phone")
          .compose(v -> fx.register(bob, Provider.FCM, "tablet"))
          .compose(v -> {
            fx.stored(toBob, bob);
            fx.stored(toGroup, bob);
            return fx.eventually(() -> Future.succeededFuture(fx.pushes(Provider.FCM, "sent") == 4));
          })
          .map(v -> {
            test.verify(() -> {
              assertEquals(List.of(), fcm.problems());
              assertEquals(1, fcm.tokenRequests(), "one access token, reused");
              assertEquals(sorted(List.of(
                  expected("phone", toBob, alice.name(), "x".repeat(100)),
                  expected("tablet", toBob, alice.name(), "x".repeat(100)),
                  expected("phone", toGroup, "the-crew", "hello crew"),
                  expected("tablet", toGroup, "the-crew", "hello crew"))), sorted(fcm.messages()),
                  "the sender's name as the title of a direct message, the group's of a group message");
            });
            return v;
          });
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("removes a token FCM reports UNREGISTERED")
  void goneToken(Vertx vertx, VertxTestContext test) {
    start(vertx).compose(v -> fx.users(2)).compose(users -> {
      fcm.answer(message -> "uninstalled".equals(message.getString("token")) ? 404 : 200);
      return fx.register(users.get(1), Provider.FCM, "uninstalled")
          .compose(v -> fx.register(users.get(1), Provider.FCM, "installed"))
          .compose(v -> {
            fx.stored(direct(users.get(0), users.get(1), "hi"), users.get(1));
            return fx.eventually(() -> Future.succeededFuture(fx.pushes(Provider.FCM, "gone") == 1));
          })
          .compose(v -> fx.eventually(() -> fx.devices(users.get(1)).map(devices -> devices.size() == 1)))
          .compose(v -> fx.devices(users.get(1)));
    }).onComplete(test.succeeding(devices -> test.verify(() -> {
      assertEquals(List.of(new Device(Provider.FCM, "installed")), devices);
      assertEquals(List.of(), fcm.problems());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("gets a new access token when FCM refuses the one it has, and sends with that")
  void refusedToken(Vertx vertx, VertxTestContext test) {
    start(vertx).compose(v -> fx.users(2)).compose(users -> fx.register(users.get(1), Provider.FCM, "phone")
        .compose(v -> {
          fx.stored(direct(users.get(0), users.get(1), "first"), users.get(1));
          return fx.eventually(() -> Future.succeededFuture(fx.pushes(Provider.FCM, "sent") == 1));
        })
        .compose(v -> {
          fcm.revokeAll();
          fx.stored(direct(users.get(0), users.get(1), "second"), users.get(1));
          return fx.eventually(() -> Future.succeededFuture(fx.pushes(Provider.FCM, "sent") == 2));
        })).onComplete(test.succeeding(v -> test.verify(() -> {
          assertEquals(2, fcm.tokenRequests());
          assertEquals(2, fcm.messages().size(), "the refused send is not in the stand-in's list");
          assertEquals(0, fx.pushes(Provider.FCM, "failed"));
          test.completeNow();
        })));
  }

  /** Why a push service with this credentials file did not start ("started" if it did). */
  private static Future<String> startFailure(Vertx vertx, Path file) {
    PushFixture broken = new PushFixture(vertx, stores, ConfigKeys.FCM_CREDENTIALS, file.toString());
    return broken.deploy().transform(done -> {
      broken.close();
      return Future.succeededFuture(done.succeeded() ? "started" : done.cause().getMessage());
    });
  }

  @Test
  @DisplayName("does not start when the credentials file is not a service-account key, and says which setting is wrong")
  void badCredentials(Vertx vertx, VertxTestContext test) throws IOException {
    Path notJson = Files.writeString(dir.resolve("broken.json"), "{\"project_id\": ");
    Path noKey = Files.writeString(dir.resolve("nokey.json"), new JsonObject().put("project_id", "p")
        .put("client_email", "e").put("token_uri", "https://oauth2.googleapis.com/token").encode());
    Path badKey = Files.writeString(dir.resolve("badkey.json"), new JsonObject().put("project_id", "p")
        .put("client_email", "e").put("token_uri", "https://oauth2.googleapis.com/token")
        .put("private_key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n").encode());
    Future.all(List.of(startFailure(vertx, notJson), startFailure(vertx, noKey), startFailure(vertx, badKey),
        startFailure(vertx, dir.resolve("missing.json")))).onComplete(test.succeeding(all -> test.verify(() -> {
      List<String> messages = all.list();
      for (String message : messages) {
        assertTrue(message.startsWith("CHAT_FCM_CREDENTIALS "), message);
      }
      assertTrue(messages.get(1).contains("private_key"), messages.get(1));
      test.completeNow();
    })));
  }
}
