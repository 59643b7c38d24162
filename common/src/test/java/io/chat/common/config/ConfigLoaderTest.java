package io.chat.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("Loading the configuration")
class ConfigLoaderTest {

  @Test
  @DisplayName("takes a --config file over the defaults")
  void file(Vertx vertx, VertxTestContext test, @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("node.json"), "{\"CHAT_PORT\": 7001, \"CHAT_NODE\": \"n1\"}");
    ConfigLoader.load(vertx, file.toString()).onComplete(test.succeeding(config -> test.verify(() -> {
      assertEquals(7001, config.port());
      assertEquals("n1", config.nodeId());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("stops at a key the node does not know, naming it (a typo would otherwise go unnoticed)")
  void unknownKey(Vertx vertx, VertxTestContext test, @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("node.json"), "{\"CHAT_PROT\": 7001}");
    ConfigLoader.load(vertx, file.toString()).onComplete(test.failing(failure -> test.verify(() -> {
      assertEquals("CHAT_PROT is not a setting of the chat node (see the README for the list)", failure.getMessage());
      test.completeNow();
    })));
  }

  @Test
  @DisplayName("stops at a --config file that is missing or not JSON, naming the file, in one line")
  void unreadableFile(Vertx vertx, VertxTestContext test, @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("node.json"), "{bad json");
    Path missing = dir.resolve("missing.json");
    ConfigLoader.load(vertx, file.toString())
        .onComplete(test.failing(failure -> test.verify(() -> {
          assertTrue(failure.getMessage().startsWith("--config " + file + " cannot be read: "), failure.getMessage());
          assertEquals(1, failure.getMessage().lines().count(), failure.getMessage());
        })))
        .recover(e -> ConfigLoader.load(vertx, missing.toString()))
        .onComplete(test.failing(failure -> test.verify(() -> {
          assertTrue(failure.getMessage().startsWith("--config " + missing + " cannot be read: "), failure.getMessage());
          test.completeNow();
        })));
  }
}
