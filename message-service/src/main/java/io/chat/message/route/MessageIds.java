package io.chat.message.route;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Message ids unique across the cluster without a database round trip:
 * {@code <node id>-<start time, base 36>-<counter, base 36>}. Node ids are unique among running
 * nodes, and the start time tells apart two runs of a node that kept its id.
 */
public final class MessageIds {

  private final String prefix;
  private final AtomicLong counter = new AtomicLong();

  public MessageIds(String nodeId) {
    this.prefix = nodeId + "-" + Long.toString(System.currentTimeMillis(), 36) + "-";
  }

  public String next() {
    return prefix + Long.toString(counter.incrementAndGet(), 36);
  }
}
