package io.chat.server;

import io.chat.testkit.TestStores;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One node for a test class, with the class's own stores: the stores are made, then the node
 * starts on them before the first test; after the last, the node stops and the stores go.
 */
final class RunningNode implements BeforeAllCallback, AfterAllCallback {

  private final TestStores stores = new TestStores();
  private final Object[] overrides;
  private ChatNode node;

  /** @param overrides configuration keys and values, in pairs */
  RunningNode(Object... overrides) {
    this.overrides = overrides;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    stores.beforeAll(context);
    node = NodeHarness.start(stores, overrides);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      NodeHarness.stop(node);
    } finally {
      stores.afterAll(context);
    }
  }

  ChatNode get() {
    return node;
  }

  TestStores stores() {
    return stores;
  }
}
