package io.chat.message.presence;

import io.chat.common.bus.Addresses;
import io.chat.store.KeySpace;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node holds each online user's sessions. Redis holds the registry; every message
 * service keeps a mirror of it in memory, so routing a message needs no remote lookup.
 *
 * <p>How the mirror stays right: a change made here updates the mirror from the script's own
 * answer (the user's sessions after the change). Every change is then published with the user
 * ids on {@link Addresses#PRESENCE_CHANGES}; other instances re-read those users from Redis,
 * and of several reads of one user only the newest is applied. A node that stops without
 * closing its sessions stops its heartbeat; once the heartbeat key expires, any instance reaps
 * the node's sessions (atomically, so only one does) and reports the users who went offline.
 *
 * <p>Use from one context only: the verticle's.
 *
 * <p>Over 300 lines because the registry's Lua scripts (open, close, heartbeat, reap) live here
 * beside the mirror they keep in step: each script's answer is what the mirror applies.
 */
public final class PresenceRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(PresenceRegistry.class);
  /**
   * How long a session closed before its open arrived is remembered. Opens come late by a
   * request timeout or by a stall of Redis; ten minutes is far beyond both, and such entries are
   * rare (one per close that found nothing to remove).
   */
  private static final long CLOSED_SESSION_MEMORY_MILLIS = 600_000;

  private final Vertx vertx;
  private final Redis redis;
  private final KeySpace keys;
  private final long ttlMillis;
  private final String instanceId;
  private final String ownNode;
  /**
   * user id -> the nodes holding its sessions (distinct, each node id one shared string), only
   * users with at least one session. The sessions themselves stay in Redis: routing needs only
   * the nodes, and a node holds this for every online user of the cluster.
   */
  private final Map<Integer, List<String>> nodesByUser = new HashMap<>();
  /** Each node id once, so that a million online users do not hold a million copies of it. */
  private final Map<String, String> nodeIds = new HashMap<>();
  /**
   * A user's opens and closes, one after another. Sent at once, two scripts may go out on two
   * pooled Redis connections and their answers come back the other way round: the open's older
   * answer would then be taken for the newer state in the mirror (and the user counted as just
   * come online after its only session closed).
   */
  private final InTurn userChanges = new InTurn();
  /** user id -> sequence of the newest read of that user from Redis. */
  private final Map<Integer, Long> refreshing = new HashMap<>();
  private long refreshSequence;
  /** For each reload in flight, the users whose entry changed since it started. */
  private final List<Set<Integer>> reloads = new ArrayList<>();
  private long reloadSequence;
  private MessageConsumer<JsonArray> changes;
  private long reaperTimer = -1;
  private BiConsumer<List<Integer>, Long> onReaped = (users, version) -> { };

  public PresenceRegistry(Vertx vertx, Redis redis, KeySpace keys, long ttlMillis, String instanceId,
      String ownNode) {
    this.ownNode = ownNode;
    this.vertx = vertx;
    this.redis = redis;
    this.keys = keys;
    this.ttlMillis = ttlMillis;
    this.instanceId = instanceId;
  }

  /** Called with the users that went offline because their node was reaped, and that change's version. */
  public void onReaped(BiConsumer<List<Integer>, Long> handler) {
    this.onReaped = handler;
  }

  /** Subscribes to changes, loads the registry and starts the reaper. */
  public Future<Void> start() {
    changes = vertx.eventBus().consumer(Addresses.PRESENCE_CHANGES, this::onChange);
    reaperTimer = vertx.setPeriodic(ttlMillis / 2, ttlMillis / 2, tick -> reap());
    return changes.completion().compose(v -> load("0", nodesByUser));
  }

  /**
   * Reads the whole registry again (broadcasts of changes may have been missed). A reload
   * overtaken by a later one is dropped. Users whose entry changed while it was read keep that
   * entry and are read once more, as it may be older or newer than what the reload read.
   */
  public void reload() {
    long sequence = ++reloadSequence;
    Map<Integer, List<String>> fresh = new HashMap<>();
    Set<Integer> changedMeanwhile = new HashSet<>();
    reloads.add(changedMeanwhile);
    load("0", fresh)
        .onSuccess(v -> {
          if (sequence != reloadSequence) {
            return;
          }
          for (Integer user : changedMeanwhile) {
            List<String> kept = nodesByUser.get(user);
            if (kept == null) {
              fresh.remove(user);
            } else {
              fresh.put(user, kept);
            }
          }
          nodesByUser.clear();
          nodesByUser.putAll(fresh);
          changedMeanwhile.forEach(this::refresh);
        })
        .onFailure(e -> LOG.warn("presence reload: {}", e.toString()))
        .onComplete(done -> reloads.removeIf(reload -> reload == changedMeanwhile));
  }

  public Future<Void> stop() {
    vertx.cancelTimer(reaperTimer);
    return changes == null ? Future.succeededFuture() : changes.unregister();
  }

  /**
   * Records a session; crossed when it is the user's first (the user came online). A session
   * that was closed before its open got here (the gateway gave up waiting and closed it) is not
   * recorded, so it cannot keep its user online.
   */
  public Future<StateChange> open(int user, String session, String node) {
    return userChanges.run(user, () -> redis.send(Request.cmd(Command.EVAL).arg(PresenceScripts.OPEN).arg(6)
            .arg(userKey(user)).arg(keys.key("node_users", node)).arg(keys.key("nodes"))
            .arg(keys.key("node", node)).arg(closedKey(session)).arg(versionKey())
            .arg(session).arg(node).arg(user).arg(ttlMillis))
        .map(result -> {
          boolean recorded = result.get(0).toInteger() == 1;
          Map<String, String> now = flatMap(result.get(1));
          apply(user, now);
          published(user);
          return new StateChange(recorded && now.size() == 1, result.get(2).toLong());
        }));
  }

  /** Removes a session; crossed when it was the user's last (the user went offline). */
  public Future<StateChange> close(int user, String session, String node) {
    return userChanges.run(user, () -> redis.send(Request.cmd(Command.EVAL).arg(PresenceScripts.CLOSE).arg(4)
            .arg(userKey(user)).arg(keys.key("node_users", node)).arg(closedKey(session)).arg(versionKey())
            .arg(session).arg(node).arg(user).arg(CLOSED_SESSION_MEMORY_MILLIS))
        .map(result -> {
          boolean removed = result.get(0).toInteger() == 1;
          Map<String, String> now = flatMap(result.get(1));
          apply(user, now);
          published(user);
          return new StateChange(removed && now.isEmpty(), result.get(2).toLong());
        }));
  }


  /**
   * A node says it is alive: its sessions are kept for another TTL. True when its heartbeat had
   * lapsed, so its sessions may have been taken for dead and must be registered again.
   */
  public Future<Boolean> heartbeat(String node) {
    return redis.send(Request.cmd(Command.EVAL).arg(PresenceScripts.HEARTBEAT).arg(2)
            .arg(keys.key("node", node)).arg(keys.key("nodes")).arg(node).arg(ttlMillis))
        .map(lapsed -> lapsed.toInteger() == 1);
  }

  /**
   * The nodes holding sessions of these users, read from Redis rather than the mirror: for the
   * rare paths that must not trust a mirror that may be a moment behind.
   */
  public Future<Map<String, List<Integer>>> nodesInRegistry(List<Integer> users) {
    List<Request> reads = new ArrayList<>(users.size());
    for (Integer user : users) {
      reads.add(Request.cmd(Command.HGETALL).arg(userKey(user)));
    }
    return redis.batch(reads).map(replies -> {
      Map<String, List<Integer>> byNode = new HashMap<>();
      for (int i = 0; i < users.size(); i++) {
        for (String node : new HashSet<>(flatMap(replies.get(i)).values())) {
          byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(users.get(i));
        }
      }
      return byNode;
    });
  }

  public boolean isOnline(int user) {
    return nodesByUser.containsKey(user);
  }

  /** The nodes holding sessions of this user (none when offline). */
  public Collection<String> nodesOf(int user) {
    return nodesByUser.getOrDefault(user, List.of());
  }

  /**
   * A node left the cluster: its sessions go now, without waiting for its heartbeat to expire.
   * (Its heartbeat key is dropped first; only one instance removes the sessions.)
   */
  public Future<Void> nodeLeft(String node) {
    return redis.send(Request.cmd(Command.DEL).arg(keys.key("node", node)))
        .compose(deleted -> reap(node));
  }

  /**
   * A node starts under this id: sessions registered for it belong to an earlier run that ended
   * without closing them (it crashed and came back before they expired, or it is the only
   * node, which never reaps itself). They go now, whatever the heartbeat says.
   */
  public Future<Void> nodeStarted(String node) {
    return redis.send(Request.cmd(Command.DEL).arg(keys.key("node", node)))
        .compose(deleted -> removeSessionsOf(node));
  }

  /** Removes the sessions of nodes whose heartbeat expired; reports who went offline. */
  void reap() {
    redis.send(Request.cmd(Command.SMEMBERS).arg(keys.key("nodes")))
        .compose(nodes -> {
          List<Future<Void>> reaped = new ArrayList<>();
          for (Response node : nodes) {
            reaped.add(reap(node.toString()));
          }
          return Future.join(reaped);
        })
        .onFailure(e -> LOG.warn("presence reaper: {}", e.toString()));
  }

  private Future<Void> reap(String node) {
    if (node.equals(ownNode)) {
      // This node is alive by definition; a lapsed heartbeat only means Redis was out of reach.
      return Future.succeededFuture();
    }
    return removeSessionsOf(node);
  }

  /** Removes a node's sessions unless its heartbeat key exists; reports who went offline. */
  private Future<Void> removeSessionsOf(String node) {
    return redis.send(Request.cmd(Command.EVAL).arg(PresenceScripts.REAP).arg(4)
            .arg(keys.key("node_users", node)).arg(keys.key("nodes")).arg(keys.key("node", node))
            .arg(versionKey()).arg(node).arg(keys.key("presence", "")))
        .map(reaped -> {
          List<Integer> offline = ids(reaped.get(0));
          List<Integer> elsewhere = ids(reaped.get(1));
          offline.forEach(user -> apply(user, Map.of()));
          if (!offline.isEmpty() || !elsewhere.isEmpty()) {
            LOG.info("node {} stopped without closing its sessions: {} users went offline, {} are online elsewhere",
                node, offline.size(), elsewhere.size());
            // Every mirror (this one too: the change has no origin) re-reads them all, so none
            // keeps routing to the dead node the users who are still online on other nodes.
            List<Integer> changed = new ArrayList<>(offline);
            changed.addAll(elsewhere);
            vertx.eventBus().publish(Addresses.PRESENCE_CHANGES, new JsonArray(changed));
          }
          if (!offline.isEmpty()) {
            onReaped.accept(offline, reaped.get(2).toLong());
          }
          return null;
        });
  }

  private static List<Integer> ids(Response users) {
    List<Integer> ids = new ArrayList<>(users.size());
    for (Response user : users) {
      ids.add(user.toInteger());
    }
    return ids;
  }

  private void published(int user) {
    vertx.eventBus().publish(Addresses.PRESENCE_CHANGES, new JsonArray().add(user),
        new DeliveryOptions().addHeader("origin", instanceId));
  }

  private void onChange(Message<JsonArray> change) {
    if (instanceId.equals(change.headers().get("origin"))) {
      return;
    }
    for (Object user : change.body()) {
      refresh((Integer) user);
    }
  }

  /** Re-reads one user; a read overtaken by a newer read of the same user is dropped. */
  private void refresh(int user) {
    long sequence = ++refreshSequence;
    refreshing.put(user, sequence);
    redis.send(Request.cmd(Command.HGETALL).arg(userKey(user)))
        .onSuccess(now -> {
          // False also when a newer read answered first (and was applied): this older one goes.
          if (refreshing.remove(user, sequence)) {
            apply(user, flatMap(now));
          }
        })
        .onFailure(e -> LOG.warn("presence refresh of user {}: {}", user, e.toString()));
  }

  private Future<Void> load(String cursor, Map<Integer, List<String>> into) {
    return redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(keys.key("presence", "*"))
            .arg("COUNT").arg(1000))
        .compose(page -> {
          List<Future<Void>> reads = new ArrayList<>();
          String prefix = keys.key("presence", "");
          for (Response key : page.get(1)) {
            int user = Integer.parseInt(key.toString().substring(prefix.length()));
            reads.add(redis.send(Request.cmd(Command.HGETALL).arg(key.toString()))
                .map(now -> {
                  List<String> nodes = nodes(flatMap(now));
                  if (!nodes.isEmpty()) {
                    into.put(user, nodes);
                  }
                  return null;
                }));
          }
          String next = page.get(0).toString();
          return Future.all(reads).compose(done -> "0".equals(next) ? Future.succeededFuture() : load(next, into));
        });
  }

  private void apply(int user, Map<String, String> now) {
    for (Set<Integer> changedMeanwhile : reloads) {
      changedMeanwhile.add(user);
    }
    if (now.isEmpty()) {
      nodesByUser.remove(user);
    } else {
      nodesByUser.put(user, nodes(now));
    }
  }

  /** The distinct nodes of a user's sessions (session id -> node id), as shared strings. */
  private List<String> nodes(Map<String, String> sessionsOfUser) {
    return sessionsOfUser.values().stream().distinct().map(node -> nodeIds.computeIfAbsent(node, id -> id)).toList();
  }

  private String userKey(int user) {
    return keys.key("presence", user);
  }

  private String versionKey() {
    return keys.key("presence_version");
  }

  private String closedKey(String session) {
    return keys.key("closed_session", session);
  }

  /** A hash reply (a RESP3 map or a RESP2 flat list) as a map. */
  private static Map<String, String> flatMap(Response hash) {
    Map<String, String> map = new HashMap<>(4);
    if (hash == null) {
      return map;
    }
    if (hash.isMap()) {
      for (String field : hash.getKeys()) {
        map.put(field, hash.get(field).toString());
      }
      return map;
    }
    for (int i = 0; i + 1 < hash.size(); i += 2) {
      map.put(hash.get(i).toString(), hash.get(i + 1).toString());
    }
    return map;
  }
}
