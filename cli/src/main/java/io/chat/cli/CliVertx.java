package io.chat.cli;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/** The Vert.x instance a command runs on. */
public final class CliVertx {

  private CliVertx() {
  }

  /** A Vert.x with this many event loops, on epoll where the platform has it. */
  public static Vertx create(int eventLoops) {
    return Vertx.builder()
        .with(new VertxOptions().setEventLoopPoolSize(eventLoops).setPreferNativeTransport(true))
        .build();
  }

  public static void close(Vertx vertx) {
    try {
      Await.result(vertx.close(), 10_000);
    } catch (Exception slowClose) {
      // leaving anyway
    }
  }
}
