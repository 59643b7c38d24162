package io.chat.message.route;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusFields;
import io.chat.message.offline.OfflineStore;
import io.chat.message.presence.PresenceRegistry;
import io.vertx.core.Future;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to the nodes that hold the recipients' sessions, one message per node on the
 * node's own address, and stores what cannot be delivered live.
 *
 * <p>How no copy is lost between the two:
 * <ul>
 *   <li>This node's own gateway gets a one-way message: the event bus inside one JVM does not
 *       lose it while both ends run. If the recipient's session closed after the presence
 *       lookup, the gateway sends the copy back ({@code undelivered}) and it is stored. Such a
 *       copy may be stored after a later message from the same sender that found the recipient
 *       offline straight away, so across that one instant of logging out the stored order of
 *       two messages can swap; nothing is lost.</li>
 *   <li>Another node gets a request; its answer names the users it had no session for, and a
 *       node that does not answer (it died, or is too slow) counts as having delivered nothing.
 *       Those copies are stored. A node that wrote the message but died before answering
 *       causes a duplicate at the next login: at least once, never zero times.</li>
 * </ul>
 */
public final class Deliveries {

  private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

  private final EventBus bus;
  private final PresenceRegistry presence;
  private final OfflineStore offline;
  private final String localNode;
  private final DeliveryOptions deliver;
  private final DeliveryOptions replayStored;
  /** Stores in flight per user: a login waits for them before it counts stored messages. */
  private final Map<Integer, Future<Void>> pendingStores = new HashMap<>();

  public Deliveries(EventBus bus, PresenceRegistry presence, OfflineStore offline, String localNode,
      long timeoutMillis) {
    this.bus = bus;
    this.presence = presence;
    this.offline = offline;
    this.localNode = localNode;
    this.deliver = new DeliveryOptions()
        .addHeader(Addresses.ACTION_HEADER, Actions.Node.DELIVER)
        .setSendTimeout(timeoutMillis);
    this.replayStored = new DeliveryOptions().addHeader(Addresses.ACTION_HEADER, Actions.Node.REPLAY_STORED);
  }

  /**
   * Delivers an event to every live session of these users; with storeOffline, users without a
   * live session get it stored (flagged offline). Completes once every copy is handed to a
   * node or stored.
   */
  public Future<Void> deliver(Collection<Integer> users, JsonObject event, boolean storeOffline) {
    Map<String, JsonArray> byNode = new HashMap<>(4);
    List<Integer> absent = new ArrayList<>();
    List<Integer> remote = new ArrayList<>();
    for (Integer user : users) {
      Collection<String> nodes = presence.nodesOf(user);
      if (nodes.isEmpty()) {
        absent.add(user);
      }
      for (String node : nodes) {
        byNode.computeIfAbsent(node, n -> new JsonArray()).add(user);
        if (!localNode.equals(node)) {
          remote.add(user);
        }
      }
    }
    if (byNode.isEmpty()) {
      return storeOffline ? store(absent, event) : Future.succeededFuture();
    }
    String live = event.encode();
    Set<Integer> deliveredRemotely = new HashSet<>();
    List<Future<Void>> remoteSends = new ArrayList<>();
    byNode.forEach((node, nodeUsers) -> {
      JsonObject delivery = new JsonObject().put(BusFields.USERS, nodeUsers).put(BusFields.EVENT, live)
          .put(BusFields.STORE, storeOffline);
      if (localNode.equals(node)) {
        bus.send(Addresses.node(node), delivery, deliver);
      } else {
        remoteSends.add(sendToRemote(node, delivery.put(BusFields.CONFIRM, true), deliveredRemotely));
      }
    });
    if (remoteSends.isEmpty()) {
      return storeOffline ? store(absent, event) : Future.succeededFuture();
    }
    return Future.join(remoteSends).transform(done -> {
      if (!storeOffline) {
        return Future.succeededFuture();
      }
      for (Integer user : remote) {
        // A user with sessions on this node too has them there; only remote-only users count.
        if (!deliveredRemotely.contains(user) && !presence.nodesOf(user).contains(localNode) && !absent.contains(user)) {
          absent.add(user);
        }
      }
      return store(absent, event);
    });
  }

  /** Stores copies a node handed back because the users' sessions had closed meanwhile. */
  public Future<Void> undelivered(List<Integer> users, JsonObject event) {
    return store(users, event).onFailure(e -> LOG.error("a message for users {} could not be stored: {}", users,
        e.toString()));
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
   * told to replay them, so such a message arrives now rather than at the next login.
   */
  private void replayIfOnlineMeanwhile(List<Integer> users) {
    presence.nodesInRegistry(users)
        .onSuccess(byNode -> byNode.forEach((node, nodeUsers) ->
            bus.send(Addresses.node(node), new JsonObject().put(BusFields.USERS, new JsonArray(nodeUsers)), replayStored)))
        .onFailure(e -> LOG.debug("presence check after a store: {}", e.toString()));
  }

  private Future<Void> sendToRemote(String node, JsonObject delivery, Set<Integer> delivered) {
    JsonArray users = delivery.getJsonArray(BusFields.USERS);
    return bus.<JsonObject>request(Addresses.node(node), delivery, deliver)
        .map(reply -> {
          JsonArray missed = reply.body().getJsonArray(BusFields.USERS);
          for (Object user : users) {
            if (!missed.contains(user)) {
              delivered.add((Integer) user);
            }
          }
          return (Void) null;
        })
        .onFailure(e -> LOG.debug("node {} did not take a delivery: {}", node, e.toString()));
  }

  private Future<Void> store(List<Integer> users, JsonObject event) {
    if (users.isEmpty()) {
      return Future.succeededFuture();
    }
    String stored = event.copy().put("offline", true).encode();
    Future<Void> write = offline.store(users, stored).andThen(done -> {
      if (done.succeeded()) {
        replayIfOnlineMeanwhile(users);
      }
    });
    for (Integer user : users) {
      Future<Void> previous = pendingStores.get(user);
      Future<Void> chained = previous == null ? write : Future.join(previous, write).mapEmpty();
      pendingStores.put(user, chained);
      chained.onComplete(done -> pendingStores.remove(user, chained));
    }
    return write;
  }
}
