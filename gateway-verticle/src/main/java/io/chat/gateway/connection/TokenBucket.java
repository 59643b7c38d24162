package io.chat.gateway.connection;

/** A request rate limit: a bucket of tokens refilled at a steady rate, up to a burst. */
final class TokenBucket {

  private final double perNano;
  private final double burst;
  private double tokens;
  private long refilledAt = System.nanoTime();

  /** @param perSecond tokens added per second; 0 or less means no limit */
  TokenBucket(int perSecond, int burst) {
    this.perNano = perSecond / 1e9;
    this.burst = Math.max(1, burst);
    this.tokens = this.burst;
  }

  boolean tryTake() {
    if (perNano <= 0) {
      return true;
    }
    refill();
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /** True when the bucket holds its whole burst again. */
  boolean isFull() {
    refill();
    return tokens >= burst;
  }

  private void refill() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
    refilledAt = now;
  }
}
