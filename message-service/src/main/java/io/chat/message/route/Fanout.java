package io.chat.message.route;

import io.chat.common.bus.BusAction;
import io.chat.common.bus.BusMessage;
import io.chat.common.bus.node.Delivery;
import io.chat.common.bus.node.PresenceTag;
import io.chat.common.model.ChatMessage;
import io.chat.message.presence.PresenceRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to the nodes that hold the recipients' sessions, one delivery per node: this
 * node's own gateway in batches ({@link LocalNodeBatch}), other nodes through
 * {@link RemoteNodes}. The nodes come from the presence mirror, which may be a moment behind a
 * login on another node; for a stored message that costs nothing, as the new session checks the
 * heads of its conversations a moment after its login and reads what it missed from the log. An
 * event (never stored) for a user missing from the mirror is sent after a look at the registry
 * itself instead.
 *
 * <p>Use from the message service's context: deliveries leave in the order they were made.
 */
public final class Fanout {

  private static final Logger LOG = LoggerFactory.getLogger(Fanout.class);

  private final PresenceRegistry presence;
  private final RemoteNodes remote;
  /** This node's own delivery address, for what is not a batched delivery. */
  private final RemoteNodes local;
  private final String localNode;
  private final LocalNodeBatch localBatch;
  private final Counter deliveredLive;
  private final Counter stored;

  public Fanout(Vertx vertx, PresenceRegistry presence, RemoteNodes remote, String localNode, long timeoutMillis,
      MeterRegistry metrics) {
    this.presence = presence;
    this.remote = remote;
    this.local = new EventBusNodes(vertx, timeoutMillis);
    this.localNode = localNode;
    this.localBatch = new LocalNodeBatch(vertx.getOrCreateContext(), vertx.eventBus(), localNode);
    this.deliveredLive = Counter.builder("chat.messages.delivered")
        .description("Message copies handed to a node for a user's live sessions").register(metrics);
    this.stored = Counter.builder("chat.messages.stored")
        .description("Message copies for users without a live session, kept in the log for their next login")
        .register(metrics);
  }

  /**
   * A committed message, to every live session of its recipients and of its sender except the
   * sending one. Returns the recipients who have no live session (the message waits in the log
   * for them).
   */
  public List<Integer> message(ChatMessage message, Collection<Integer> recipients, String sendingSession) {
    Delivery delivery = Delivery.message(List.of(), sendingSession, message);
    List<Integer> users = new ArrayList<>(recipients.size() + 1);
    users.addAll(recipients);
    users.add(message.from().id());
    List<Integer> absent = new ArrayList<>();
    handOut(byNode(users, absent), delivery);
    List<Integer> away = absent.stream().filter(user -> user != message.from().id()).toList();
    deliveredLive.increment(recipients.size() - away.size());
    stored.increment(away.size());
    return away;
  }

  /** An event that is not stored, for the users' live sessions now, but the one named (or null). */
  public void event(Collection<Integer> users, String exceptSession, String event, PresenceTag presenceTag) {
    Delivery delivery = Delivery.event(List.of(), exceptSession, event, presenceTag);
    List<Integer> absent = new ArrayList<>();
    handOut(byNode(users, absent), delivery);
    if (!absent.isEmpty()) {
      // A user missing from the mirror may have just logged in on another node.
      presence.nodesInRegistry(absent)
          .onSuccess(found -> handOut(found, delivery))
          .onFailure(e -> LOG.debug("presence lookup for an event: {}", e.toString()));
    }
  }

  /**
   * Another action of a node's delivery address. This node's own batch goes first, so the node
   * handles it after every delivery made before it.
   */
  public <Q extends BusMessage> Future<Void> notify(String node, BusAction<Q, ?> action, Q body) {
    if (localNode.equals(node)) {
      localBatch.flush();
      return local.notify(node, action, body);
    }
    return remote.notify(node, action, body);
  }

  private Map<String, List<Integer>> byNode(Collection<Integer> users, List<Integer> absent) {
    Map<String, List<Integer>> byNode = new HashMap<>(4);
    for (Integer user : users) {
      Collection<String> nodes = presence.nodesOf(user);
      if (nodes.isEmpty()) {
        absent.add(user);
      }
      for (String node : nodes) {
        byNode.computeIfAbsent(node, n -> new ArrayList<>(users.size())).add(user);
      }
    }
    return byNode;
  }

  private void handOut(Map<String, List<Integer>> byNode, Delivery delivery) {
    byNode.forEach((node, nodeUsers) -> {
      if (localNode.equals(node)) {
        localBatch.add(delivery.to(nodeUsers));
      } else {
        remote.deliver(node, delivery.to(nodeUsers));
      }
    });
  }
}
