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
 * Hands events to the nodes that hold the recipients' sessions, one request per node on the
 * node's own address, and stores what could not be delivered live.
 *
 * <p>A message is never dropped between the two: a node answers which users it had no session
 * for (their session closed after the presence lookup), and a node that does not answer (it
 * died, or is too slow) counts as having delivered nothing. Those users' copies are stored.
 * The price is that a node that wrote the message but died before answering may cause a
 * duplicate on the next login: at least once, never zero times.
 */
public final class Deliveries {

  private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

  private final EventBus bus;
  private final PresenceRegistry presence;
  private final OfflineStore offline;
  private final DeliveryOptions options;
  /** Stores in flight per user: a login waits for them before it counts stored messages. */
  private final Map<Integer, Future<Void>> pendingStores = new HashMap<>();

  public Deliveries(EventBus bus, PresenceRegistry presence, OfflineStore offline, long timeoutMillis) {
    this.bus = bus;
    this.presence = presence;
    this.offline = offline;
    this.options = new DeliveryOptions()
        .addHeader(Addresses.ACTION_HEADER, Actions.Node.DELIVER)
        .setSendTimeout(timeoutMillis);
  }

  /**
   * Delivers an event to every live session of these users; with storeOffline, users without a
   * live session get it stored (flagged offline). Completes once every copy is written to a
   * node or stored.
   */
  public Future<Void> deliver(Collection<Integer> users, JsonObject event, boolean storeOffline) {
    Map<String, JsonArray> byNode = new HashMap<>(4);
    List<Integer> absent = new ArrayList<>();
    List<Integer> online = new ArrayList<>();
    for (Integer user : users) {
      Collection<String> nodes = presence.nodesOf(user);
      (nodes.isEmpty() ? absent : online).add(user);
      for (String node : nodes) {
        byNode.computeIfAbsent(node, n -> new JsonArray()).add(user);
      }
    }
    if (byNode.isEmpty()) {
      return storeOffline ? store(absent, event) : Future.succeededFuture();
    }
    String live = event.encode();
    Set<Integer> delivered = new HashSet<>();
    List<Future<Void>> sends = new ArrayList<>(byNode.size());
    byNode.forEach((node, nodeUsers) -> sends.add(sendToNode(node, nodeUsers, live, delivered)));
    return Future.join(sends).transform(done -> {
      if (!storeOffline) {
        return Future.succeededFuture();
      }
      for (Integer user : online) {
        if (!delivered.contains(user)) {
          absent.add(user);
        }
      }
      return store(absent, event);
    });
  }

  /** Completes when no store for this user is in flight. */
  public Future<Void> storesDone(int user) {
    Future<Void> pending = pendingStores.get(user);
    return pending == null ? Future.succeededFuture() : pending.otherwiseEmpty();
  }

  private Future<Void> sendToNode(String node, JsonArray users, String live, Set<Integer> delivered) {
    JsonObject request = new JsonObject().put(BusFields.USERS, users).put(BusFields.EVENT, live);
    return bus.<JsonObject>request(Addresses.node(node), request, options)
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
    Future<Void> write = offline.store(users, stored);
    for (Integer user : users) {
      Future<Void> previous = pendingStores.get(user);
      Future<Void> chained = previous == null ? write : Future.join(previous, write).mapEmpty();
      pendingStores.put(user, chained);
      chained.onComplete(done -> pendingStores.remove(user, chained));
    }
    return write;
  }
}
