package io.chat.message.route;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusFields;
import io.chat.message.offline.OfflineStore;
import io.chat.message.presence.PresenceRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to the nodes that hold the recipients' sessions, one message per node on the
 * node's own address, and stores what cannot be delivered live.
 *
 * <p>Deliveries for this node's own gateway travel in batches ({@link LocalNodeBatch}).
 *
 * <p>How no copy is lost between the two:
 * <ul>
 *   <li>This node's own gateway gets a one-way message: the event bus inside one JVM does not
 *       lose it while both ends run. If the recipient's session closed after the presence
 *       lookup, the gateway hands the copy back ({@code undelivered}) and it is stored. Such a
 *       copy may be stored after a later message from the same sender that found the recipient
 *       offline straight away, so across that one instant of logging out the stored order of
 *       two messages can swap; nothing is lost.</li>
 *   <li>Other nodes are reached through {@link RemoteNodes}, which says which users each node
 *       took; copies for the others are stored.</li>
 * </ul>
 */
public final class Deliveries {

  private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

  private static final long RETRY_FIRST_MILLIS = 1_000;
  private static final long RETRY_MAX_MILLIS = 5_000;

  private final Vertx vertx;
  private final EventBus bus;
  private final PresenceRegistry presence;
  private final OfflineStore offline;
  private final RemoteNodes remote;
  private final String localNode;
  private final LocalNodeBatch localBatch;
  /** How long a store waits for its replay notices (Redis or a node slow) before its sender hears ok anyway. */
  private final long noticeWaitMillis;
  /** Stores in flight per user: a login waits for them before it counts stored messages. */
  private final Map<Integer, Future<Void>> pendingStores = new HashMap<>();
  private final Counter deliveredLive;
  private final Counter stored;

  public Deliveries(Vertx vertx, PresenceRegistry presence, OfflineStore offline, RemoteNodes remote,
      String localNode, long noticeWaitMillis, MeterRegistry metrics) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.presence = presence;
    this.offline = offline;
    this.remote = remote;
    this.localNode = localNode;
    this.noticeWaitMillis = noticeWaitMillis;
    this.localBatch = new LocalNodeBatch(vertx.getOrCreateContext(), bus, localNode);
    this.deliveredLive = Counter.builder("chat.messages.delivered")
        .description("Message copies handed to a node for a live session").register(metrics);
    this.stored = Counter.builder("chat.messages.stored")
        .description("Message copies stored for users without a live session").register(metrics);
  }

  /**
   * Delivers an event to every live session of these users; with storeOffline, users without a
   * live session get it stored (flagged offline), before any live copy is handed out. Completes
   * once every copy is handed to a node or stored.
   */
  public Future<Void> deliver(Collection<Integer> users, EventText event, boolean storeOffline) {
    Map<String, List<Integer>> byNode = new HashMap<>(4);
    List<Integer> absent = new ArrayList<>();
    Set<Integer> remoteOnly = new HashSet<>();
    for (Integer user : users) {
      Collection<String> nodes = presence.nodesOf(user);
      if (nodes.isEmpty()) {
        absent.add(user);
      } else if (!nodes.contains(localNode)) {
        remoteOnly.add(user);
      }
      for (String node : nodes) {
        byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(user);
      }
    }
    if (!storeOffline) {
      handOut(byNode, event, false);
      if (!absent.isEmpty()) {
        // An event is not stored, so a user missing from the mirror (just logged in on another
        // node) is looked up in the registry itself before the event is dropped.
        presence.nodesInRegistry(absent)
            .onSuccess(found -> handOut(found, event, false))
            .onFailure(e -> LOG.debug("presence lookup for an event: {}", e.toString()));
      }
      return Future.succeededFuture();
    }
    // Stored first: if the store fails, the sender hears unavailable and no one has the message.
    Store offlineCopies = store(absent, List.of(event));
    return offlineCopies.written().compose(written -> {
      deliveredLive.increment(users.size() - absent.size());
      Future<Set<Integer>> taken = handOut(byNode, event, true);
      if (remoteOnly.isEmpty()) {
        return offlineCopies.noticed();
      }
      return taken.compose(took -> {
        // A user with a session on this node has the message there; others need a node that took it.
        List<Integer> missed = new ArrayList<>();
        for (Integer user : remoteOnly) {
          if (!took.contains(user)) {
            missed.add(user);
          }
        }
        return Future.all(offlineCopies.noticed(), store(missed, List.of(event)).noticed()).<Void>mapEmpty();
      });
    });
  }

  /**
   * Sends one delivery per node: one-way to this node's gateway, through {@link RemoteNodes}
   * to others. Completes with the users the other nodes took.
   */
  private Future<Set<Integer>> handOut(Map<String, List<Integer>> byNode, EventText event, boolean store) {
    Set<Integer> taken = new HashSet<>();
    List<Future<Void>> remoteDeliveries = new ArrayList<>();
    byNode.forEach((node, nodeUsers) -> {
      JsonObject delivery = new JsonObject().put(BusFields.USERS, new JsonArray(nodeUsers))
          .put(BusFields.EVENT, event.json()).put(BusFields.STORE, store).put(BusFields.SENT, event.sentMillis());
      if (event.presence() != null) {
        delivery.put(BusFields.PRESENCE_OF, event.presence().user())
            .put(BusFields.PRESENCE_VERSION, event.presence().version());
      }
      if (localNode.equals(node)) {
        localBatch.add(delivery);
      } else {
        remoteDeliveries.add(remote.deliver(node, delivery).map(took -> {
          taken.addAll(took);
          return null;
        }));
      }
    });
    return remoteDeliveries.isEmpty()
        ? Future.succeededFuture(taken)
        : Future.join(remoteDeliveries).transform(done -> Future.succeededFuture(taken));
  }

  /**
   * Stores copies a gateway handed back because the users' sessions had closed meanwhile. Their
   * senders were told ok long ago, so a failed store is not the end: it is tried again, with
   * backoff, until it succeeds or this node stops.
   */
  public Future<Void> undelivered(List<Integer> users, List<EventText> events) {
    Promise<Void> stored = Promise.promise();
    storeUntilDone(users, events, RETRY_FIRST_MILLIS, stored);
    return stored.future();
  }

  private void storeUntilDone(List<Integer> users, List<EventText> events, long backoffMillis, Promise<Void> stored) {
    store(users, events).noticed().onComplete(done -> {
      if (done.succeeded()) {
        stored.complete();
        return;
      }
      LOG.warn("{} handed-back messages for users {} not stored yet ({}): trying again in {} ms (lost if the node "
          + "stops first)", events.size(), users, done.cause().toString(), backoffMillis);
      vertx.setTimer(backoffMillis, retry -> storeUntilDone(users, events,
          Math.min(2 * backoffMillis, RETRY_MAX_MILLIS), stored));
    });
  }

  /** Completes when the stores in flight now are done (for a clean stop). */
  public Future<Void> storesDone() {
    return Future.join(List.copyOf(pendingStores.values())).<Void>mapEmpty().otherwiseEmpty();
  }

  /** Completes when no store for this user is in flight. */
  public Future<Void> storesDone(int user) {
    Future<Void> pending = pendingStores.get(user);
    return pending == null ? Future.succeededFuture() : pending.otherwiseEmpty();
  }

  /**
   * A user who logs in on another node may be missing from this node's presence mirror for a
   * moment, and get a message stored after that login counted its stored messages. The registry
   * itself (Redis) is asked after each store; nodes that do hold sessions of those users are
   * told to replay them, so such a message arrives now rather than at the next login. (Also
   * for users whose sessions were registered again after their node's heartbeat lapsed: what
   * was stored for them while they counted as offline.)
   *
   * <p>Completes once the nodes told have taken the notice, and never fails. The sender of a
   * stored message hears {@code ok} only then: its next message, which may find the user online
   * and go out live (through this node or any other), reaches the user's session after the
   * replay has begun, and waits behind it instead of overtaking the stored one. This node's own
   * gateway takes a notice the moment it is sent. If Redis or a node is slow to answer, the wait
   * ends after {@code noticeWaitMillis} and the notices go out when it answers.
   */
  public Future<Void> replayIfOnlineMeanwhile(List<Integer> users) {
    return presence.nodesInRegistry(users)
        .compose(byNode -> {
          List<Future<Void>> notices = new ArrayList<>(byNode.size());
          byNode.forEach((node, nodeUsers) -> {
            JsonObject notice = new JsonObject().put(BusFields.USERS, new JsonArray(nodeUsers));
            if (localNode.equals(node)) {
              localBatch.flush();
              bus.send(Addresses.node(node), notice,
                  new DeliveryOptions().addHeader(Addresses.ACTION_HEADER, Actions.Node.REPLAY_STORED));
            } else {
              notices.add(remote.notify(node, Actions.Node.REPLAY_STORED, notice));
            }
          });
          return Future.join(notices).<Void>mapEmpty();
        })
        .timeout(noticeWaitMillis, TimeUnit.MILLISECONDS)
        .onFailure(e -> LOG.debug("replay notices after a store not sent or not taken in time: {}", e.toString()))
        .otherwiseEmpty();
  }

  /**
   * A store in flight: written once the copies are in MySQL; noticed once, in addition, the
   * nodes that turn out to hold sessions of the users took the notice to replay them
   * ({@link #replayIfOnlineMeanwhile}). Live copies go out once written; the sender's reply
   * waits until noticed.
   */
  private record Store(Future<Void> written, Future<Void> noticed) {
  }

  /** Stores each event for each user, in one round trip, flagged offline. */
  private Store store(List<Integer> users, List<EventText> events) {
    if (users.isEmpty() || events.isEmpty()) {
      return new Store(Future.succeededFuture(), Future.succeededFuture());
    }
    this.stored.increment((double) users.size() * events.size());
    List<String> storedEvents = events.stream().map(EventText::stored).toList();
    Future<Void> write = offline.store(users, storedEvents);
    for (Integer user : users) {
      Future<Void> previous = pendingStores.get(user);
      Future<Void> chained = previous == null ? write : Future.join(previous, write).mapEmpty();
      pendingStores.put(user, chained);
      chained.onComplete(done -> pendingStores.remove(user, chained));
    }
    return new Store(write, write.compose(v -> replayIfOnlineMeanwhile(users)));
  }
}
