package io.chat.gateway.connection;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How fast each client address may open connections: a token bucket per address, so one host
 * cannot keep the node's accept loop and TLS handshakes busy. A bucket that has filled up again
 * is forgotten ({@link #forgetIdle}), so the map holds only addresses that connected recently.
 *
 * <p>Shared by the node's gateway instances.
 */
public final class ConnectRate {

  private final int perSecond;
  private final int burst;
  private final ConcurrentHashMap<String, TokenBucket> byAddress = new ConcurrentHashMap<>();

  /** @param perSecond new connections per second per address on average; 0 or less means no limit */
  public ConnectRate(int perSecond, int burst) {
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /** Takes one connection from the address's budget; false when it has none left. */
  public boolean tryConnect(String address) {
    if (perSecond <= 0) {
      return true;
    }
    boolean[] taken = new boolean[1];
    byAddress.compute(address, (key, bucket) -> {
      TokenBucket current = bucket != null ? bucket : new TokenBucket(perSecond, burst);
      taken[0] = current.tryTake();
      return current;
    });
    return taken[0];
  }

  /** Drops the buckets that are full again: their addresses have not connected for a while. */
  public void forgetIdle() {
    byAddress.entrySet().removeIf(entry -> entry.getValue().isFull());
  }

  /** Addresses with a bucket (for tests and the sweep). */
  int addresses() {
    return byAddress.size();
  }
}
