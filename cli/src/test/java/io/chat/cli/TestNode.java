package io.chat.cli;

import io.chat.common.config.ConfigKeys;
import io.chat.server.ChatNode;
import io.chat.testkit.TestPorts;
import io.chat.testkit.TestStores;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A chat node in the test JVM, on a free port, with the test run's stores. */
public final class TestNode {

  private TestNode() {
  }

  public static ChatNode start(TestStores stores, Object... overrides) throws Exception {
    List<Object> settings = new ArrayList<>(List.of(ConfigKeys.PORT, TestPorts.free()));
    settings.addAll(List.of(overrides));
    return ChatNode.start(stores.config(settings.toArray())).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
  }

  public static void stop(ChatNode node) throws Exception {
    if (node != null) {
      node.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }
}
