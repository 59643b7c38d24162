package io.chat.common.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.ConnectException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The service client and the action router")
class ServiceClientTest {

  private static final String ADDRESS = "test.service";

  private ServiceClient client;

  @BeforeEach
  void register(Vertx vertx, VertxTestContext test) {
    client = new ServiceClient(vertx.eventBus(), 300);
    ActionRouter router = new ActionRouter(ADDRESS,
        failure -> failure instanceof java.net.ConnectException
            ? new ChatException(ErrorCode.UNAVAILABLE, "store down") : null,
        new SimpleMeterRegistry())
        .on("echo", body -> Future.succeededFuture(body.copy().put("echoed", true)))
        .on("refuse", body -> Future.failedFuture(new ChatException(ErrorCode.NOT_FRIENDS, "bob is not your friend")))
        .on("throw", body -> {
          throw new ChatException(ErrorCode.INVALID_TEXT, "too long");
        })
        .on("store", body -> Future.failedFuture(new ConnectException("refused")))
        .on("bug", body -> Future.failedFuture(new IllegalStateException("secret internals")))
        .on("silent", body -> Future.future(promise -> { }));
    vertx.eventBus().consumer(ADDRESS, router::handle).completion()
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("returns the handler's reply")
  void replies(VertxTestContext test) {
    client.request(ADDRESS, "echo", new JsonObject().put("a", 1)).onComplete(test.succeeding(reply -> test.verify(() -> {
      assertEquals(new JsonObject().put("a", 1).put("echoed", true), reply);
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("brings a protocol error across the bus with its code and text")
  void protocolErrors(VertxTestContext test) {
    Checkpoint both = test.checkpoint(2);
    expect(test, both, "refuse", ErrorCode.NOT_FRIENDS, "bob is not your friend");
    expect(test, both, "throw", ErrorCode.INVALID_TEXT, "too long");
  }

  @Test
  @DisplayName("answers unavailable for an unreachable store, and internal (without details) for a bug")
  void storeAndBug(VertxTestContext test) {
    Checkpoint both = test.checkpoint(2);
    expect(test, both, "store", ErrorCode.UNAVAILABLE, "store down");
    expect(test, both, "bug", ErrorCode.INTERNAL, "internal error");
  }

  @Test
  @DisplayName("answers unavailable when no service listens or it does not answer in time")
  void unavailable(VertxTestContext test) {
    Checkpoint both = test.checkpoint(2);
    expect(test, both, "silent", ErrorCode.UNAVAILABLE, "the service did not answer in time");
    client.request("nobody.home", "x", new JsonObject()).onComplete(test.failing(failure -> test.verify(() -> {
      assertEquals(ErrorCode.UNAVAILABLE, ((ChatException) failure).code());
      both.flag();
    })));
  }

  @Test
  @DisplayName("refuses an action the address does not know")
  void unknownAction(VertxTestContext test) {
    expect(test, test.checkpoint(), "fly", ErrorCode.BAD_REQUEST, "unknown action fly at " + ADDRESS);
  }

  private void expect(VertxTestContext test, Checkpoint checkpoint, String action, ErrorCode code, String text) {
    client.request(ADDRESS, action, new JsonObject()).onComplete(test.failing(failure -> test.verify(() -> {
      ChatException error = (ChatException) failure;
      assertEquals(code, error.code());
      assertEquals(text, error.getMessage());
      checkpoint.flag();
    })));
  }
}
