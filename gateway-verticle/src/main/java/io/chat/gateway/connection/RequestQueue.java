package io.chat.gateway.connection;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.function.Function;

/**
 * The requests of one connection, handled one at a time in arrival order: replies leave in
 * request order, and the messages of one connection reach the services in the order they were
 * sent, even when a client pipelines. A client that pipelines far ahead is paused (TCP
 * back-pressure) instead of queued without bound.
 */
final class RequestQueue {

  private static final int MAX_QUEUED = 256;
  private static final byte[] OVERSIZED = new byte[0];

  private final Transport transport;
  private final Function<byte[], Future<Void>> handler;
  private final Runnable onOversized;
  private final Runnable onIdle;
  /** Small at first: most connections have one request at a time, and idle ones none. */
  private final ArrayDeque<byte[]> inbox = new ArrayDeque<>(2);
  private boolean inFlight;
  private boolean draining;
  private boolean paused;
  private boolean stopped;

  /**
   * @param handler handles one frame; its future completes once the reply is written
   * @param onOversized the turn of an oversized frame: no frame after it is handled
   * @param onIdle run whenever the queue runs empty with no request in flight
   */
  RequestQueue(Transport transport, Function<byte[], Future<Void>> handler, Runnable onOversized, Runnable onIdle) {
    this.transport = transport;
    this.handler = handler;
    this.onOversized = onOversized;
    this.onIdle = onIdle;
  }

  void add(byte[] frame) {
    inbox.add(frame);
    if (!paused && inbox.size() >= MAX_QUEUED) {
      paused = true;
      transport.pause();
    }
    drain();
  }

  /** An oversized frame takes its turn after the frames before it. */
  void addOversized() {
    add(OVERSIZED);
  }

  /** Nothing more is read: what is queued is still handled (the node is stopping). */
  void stopReading() {
    stopped = true;
    transport.pause();
  }

  /** Nothing more is handled (the connection closed). */
  void clear() {
    inbox.clear();
  }

  /** True when no request is in flight and none waits. */
  boolean idle() {
    return !inFlight && inbox.isEmpty();
  }

  /** True while a request is being handled (a login in flight, say). */
  boolean inFlight() {
    return inFlight;
  }

  private void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      while (!inFlight && !inbox.isEmpty()) {
        byte[] frame = inbox.poll();
        if (paused && !stopped && inbox.size() < MAX_QUEUED / 2) {
          paused = false;
          transport.resume();
        }
        if (frame == OVERSIZED) {
          inbox.clear();
          onOversized.run();
          return;
        }
        inFlight = true;
        Future<Void> done = handler.apply(frame);
        if (done.isComplete()) {
          inFlight = false;
        } else {
          done.onComplete(v -> {
            inFlight = false;
            drain();
          });
        }
      }
    } finally {
      draining = false;
    }
    if (idle()) {
      onIdle.run();
    }
  }
}
