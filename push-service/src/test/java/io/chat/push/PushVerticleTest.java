package io.chat.push;

import static io.chat.push.PushFixture.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.bus.Actions;
import io.chat.common.bus.push.Device;
import io.chat.common.bus.push.Provider;
import io.chat.common.model.UserRef;
import io.chat.common.protocol.ErrorCode;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Devices, their errors, and notifications for providers this node has no settings for. */
@ExtendWith(VertxExtension.class)
@DisplayName("The push service")
class PushVerticleTest {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private PushFixture fx;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext test) {
    fx = new PushFixture(vertx, stores);
    fx.deploy().onComplete(test.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  @DisplayName("registers a user's devices (twice is no error), lists them oldest first, and unregisters them")
  void devices(VertxTestContext test) {
    fx.users(2).compose(users -> {
      UserRef alice = users.get(0);
      UserRef bob = users.get(1);
      return fx.register(alice, Provider.APNS, "a1")
          .compose(v -> fx.register(alice, Provider.FCM, "a2"))
          .compose(v -> fx.register(alice, Provider.APNS, "a1"))
          .compose(v -> fx.register(alice, Provider.WEBHOOK, "a1"))
          .compose(v -> fx.register(bob, Provider.APNS, "a1"))
          .compose(v -> fx.devices(alice))
          .compose(registered -> fx.unregister(alice, Provider.APNS, "a1")
              .compose(v -> fx.unregister(alice, Provider.APNS, "never registered"))
              .compose(v -> Future.all(fx.devices(alice), fx.devices(bob)))
              .map(after -> {
                test.verify(() -> {
                  assertEquals(List.of(new Device(Provider.APNS, "a1"), new Device(Provider.FCM, "a2"),
                      new Device(Provider.WEBHOOK, "a1")), registered, "one row per provider and token");
                  assertEquals(List.of(new Device(Provider.FCM, "a2"), new Device(Provider.WEBHOOK, "a1")),
                      after.resultAt(0));
                  assertEquals(List.of(new Device(Provider.APNS, "a1")), after.resultAt(1),
                      "another user's device of the same token stays");
                });
                return after;
              }));
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("takes a token of 4,096 characters of any script, and tells tokens apart that differ in one")
  void longTokens(VertxTestContext test) {
    String longest = "😀".repeat(4096);
    String other = "😀".repeat(4095) + "😁";
    fx.user().compose(user -> fx.register(user, Provider.FCM, longest)
            .compose(v -> fx.register(user, Provider.FCM, other))
            .compose(v -> fx.devices(user)))
        .onComplete(test.succeeding(devices -> test.verify(() -> {
          assertEquals(List.of(new Device(Provider.FCM, longest), new Device(Provider.FCM, other)), devices);
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("refuses another provider, an empty or over-long token, and fields of the wrong type with bad_request")
  void badDevices(VertxTestContext test) {
    String tooLong = "x".repeat(4097);
    fx.user().compose(user -> Future.all(List.of(
            error(fx.raw(user, Actions.Push.REGISTER, new JsonObject().put("provider", "sms").put("token", "t"))),
            error(fx.raw(user, Actions.Push.REGISTER, new JsonObject().put("provider", "fcm").put("token", ""))),
            error(fx.raw(user, Actions.Push.REGISTER, new JsonObject().put("provider", "fcm").put("token", tooLong))),
            error(fx.raw(user, Actions.Push.REGISTER, new JsonObject().put("provider", "FCM").put("token", "t"))),
            error(fx.raw(user, Actions.Push.REGISTER, new JsonObject().put("token", "t"))),
            error(fx.raw(user, Actions.Push.UNREGISTER, new JsonObject().put("provider", "apns"))),
            error(fx.raw(user, Actions.Push.UNREGISTER, new JsonObject().put("provider", "apns")
                .put("token", "\uD800"))))).compose(errors -> fx.devices(user).map(devices -> {
                  test.verify(() -> {
                    for (int i = 0; i < errors.size(); i++) {
                      assertEquals(ErrorCode.BAD_REQUEST, errors.resultAt(i), "request " + i);
                    }
                    assertTrue(devices.isEmpty());
                  });
                  return devices;
                })))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("counts a notification for a device of a provider the node has no settings for as off")
  void providerOff(VertxTestContext test) {
    fx.users(2).compose(users -> fx.register(users.get(1), Provider.FCM, "phone")
            .compose(v -> fx.register(users.get(1), Provider.APNS, "pad"))
            .compose(v -> {
              fx.stored(PushFixture.direct(users.get(0), users.get(1), "hi"), users.get(1));
              return fx.eventually(() -> Future.succeededFuture(fx.pushes(Provider.FCM, "off") == 1
                  && fx.pushes(Provider.APNS, "off") == 1));
            }))
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertEquals(-1, fx.queueLength(Provider.FCM), "no queue for a provider that is off");
          assertEquals(0, fx.pushes(Provider.WEBHOOK, "off"));
          test.completeNow();
        })));
  }
}
