package io.chat.push;

import io.chat.common.bus.push.Provider;
import io.chat.common.config.PushSettings;
import io.chat.push.PushMetrics.Result;
import io.chat.push.device.DeviceRepository;
import io.chat.push.provider.Outcome;
import io.chat.push.provider.Sender;
import io.chat.push.queue.PushQueue;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications off the message path: each provider has its own bounded queue and
 * workers, so one that is down or slow holds up neither the others nor anything else. A worker
 * tries a notification up to {@code 1 + retries} times, waiting the backoff, then twice as long
 * each time, before another try; a token its provider calls gone is removed. A full queue
 * drops the notification (the message itself is in the log, for the user's next login).
 * Use from the push service's context.
 */
final class PushDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(PushDispatcher.class);

  private final Context context;
  private final PushSettings settings;
  private final DeviceRepository devices;
  private final PushMetrics metrics;
  private final Map<Provider, Lane> lanes = new EnumMap<>(Provider.class);
  /** Set by {@link #close}: the pushes still in flight then fail with their connections, and end there. */
  private boolean closed;

  /** One provider: its sender and queue, and whether it was failing lately (changes are logged). */
  private final class Lane {
    private final Sender sender;
    private final PushQueue<Notification> queue;
    private boolean failing;

    private Lane(Sender sender) {
      this.sender = sender;
      this.queue = new PushQueue<>(context, settings.queueSize(), settings.concurrency(),
          notification -> attempt(this, notification, 0));
    }
  }

  PushDispatcher(Context context, List<Sender> senders, DeviceRepository devices, PushSettings settings,
      PushMetrics metrics) {
    this.context = context;
    this.settings = settings;
    this.devices = devices;
    this.metrics = metrics;
    for (Sender sender : senders) {
      Lane lane = new Lane(sender);
      lanes.put(sender.provider(), lane);
      metrics.queueLength(sender.provider(), lane.queue::length);
    }
  }

  /** Queues the notification, or drops it (counted) when its provider's queue is full; never waits. */
  void submit(Notification notification) {
    Provider provider = notification.device().provider();
    Lane lane = lanes.get(provider);
    if (lane == null) {
      metrics.count(provider, Result.OFF);
    } else if (!lane.queue.offer(notification)) {
      metrics.count(provider, Result.DROPPED);
    }
  }

  /** Drops what waits and closes the providers' connections. */
  Future<Void> close() {
    closed = true;
    metrics.close();
    int dropped = 0;
    for (Lane lane : lanes.values()) {
      dropped += lane.queue.clear();
    }
    if (dropped > 0) {
      LOG.info("push service stopping: {} notifications not sent", dropped);
    }
    return Future.join(lanes.values().stream().map(lane -> lane.sender.close()).toList()).mapEmpty();
  }

  private Future<Void> attempt(Lane lane, Notification notification, int attempt) {
    return lane.sender.send(notification)
        .otherwise(failure -> {
          LOG.debug("{} push attempt failed: {}", lane.sender.provider().wireName(), failure.toString());
          return Outcome.RETRY;
        })
        .compose(outcome -> switch (outcome) {
          case SENT -> ended(lane, notification, Result.SENT, null);
          case GONE -> devices.removeToken(notification.device())
              .onFailure(e -> LOG.warn("a gone {} token stays registered: {}", lane.sender.provider().wireName(),
                  e.toString()))
              .eventually(() -> ended(lane, notification, Result.GONE, null));
          case RETRY -> attempt < settings.retries() && !closed
              ? context.owner().timer(settings.backoffMillis() << attempt)
                  .compose(waited -> attempt(lane, notification, attempt + 1))
              : ended(lane, notification, Result.FAILED, "no answer, or only 5xx and 429, in " + (attempt + 1)
                  + " attempts");
          case FAILED -> ended(lane, notification, Result.FAILED, "refused, not to be tried again");
        });
  }

  /** @param why for a failure, what it was */
  private Future<Void> ended(Lane lane, Notification notification, Result result, String why) {
    Provider provider = notification.device().provider();
    metrics.count(provider, result);
    boolean failed = result == Result.FAILED;
    if (failed != lane.failing && !closed) {
      lane.failing = failed;
      if (failed) {
        LOG.warn("{} pushes are failing: {}", provider.wireName(), why);
      } else {
        LOG.info("{} pushes go through again", provider.wireName());
      }
    }
    return Future.succeededFuture();
  }
}
