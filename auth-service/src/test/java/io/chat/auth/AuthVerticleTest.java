package io.chat.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.ServiceClient;
import io.chat.testkit.TestStores;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
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

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext test) {
    client = new ServiceClient(vertx.eventBus(), 5000);
    vertx.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(stores.config().json()))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("registers a user and answers with its id and name")
  void registers(VertxTestContext test) {
    client.request(Addresses.AUTH, Actions.Auth.REGISTER, new JsonObject().put("name", "alice").put("password", "secret1"))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertEquals("alice", reply.getJsonObject("user").getString("name"));
          test.completeNow();
        })));
  }
}
