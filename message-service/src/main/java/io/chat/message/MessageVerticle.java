package io.chat.message;

import io.chat.common.bus.ActionRouter;
import io.chat.common.bus.Empty;
import io.chat.common.bus.ServiceVerticle;
import io.chat.common.bus.message.Notify;
import io.chat.common.bus.social.UserIds;
import io.chat.common.model.Named;
import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusFields;
import io.chat.common.bus.ServiceClient;
import io.chat.common.config.ChatConfig;
import io.chat.common.config.Route;
import io.chat.common.metrics.ChatMetrics;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.common.protocol.Errors;
import io.chat.common.protocol.Events;
import io.chat.common.protocol.Limits;
import io.chat.message.offline.OfflineStore;
import io.chat.message.offline.StoredMessage;
import io.chat.message.presence.PresenceRegistry;
import io.chat.message.presence.UserStates;
import io.chat.message.route.Deliveries;
import io.chat.message.route.EventBusNodes;
import io.chat.message.route.EventText;
import io.chat.message.route.MessageIds;
import io.chat.message.route.RedisNodes;
import io.chat.message.route.RemoteNodes;
import io.chat.relation.GroupView;
import io.chat.relation.RelationCache;
import io.chat.store.MySqlStore;
import io.chat.store.RedisStore;
import io.chat.store.StoreFailures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route layer on {@link Addresses#MESSAGE}: {@code send} and {@code group_send}, the
 * presence registry (sessions opening and closing, presence events), the offline store and
 * the delivery of other services' events.
 *
 * <p>Per message, everything is answered from memory: friendships and memberships from the
 * {@link RelationCache}, recipients' nodes from the {@link PresenceRegistry} mirror. MySQL is
 * touched only to store a message for a user who has no live session.
 */
public final class MessageVerticle extends ServiceVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(MessageVerticle.class);
  private static final int CACHE_ENTRIES = 200_000;

  private Pool pool;
  private Redis redis;
  private Limits limits;
  private RelationCache relations;
  private PresenceRegistry presence;
  private UserStates userStates;
  private OfflineStore offline;
  private Deliveries deliveries;
  private MessageIds ids;
  private RedisNodes redisRoute;

  public MessageVerticle(ChatConfig config) {
    super(config, Addresses.MESSAGE, StoreFailures::classify);
  }

  @Override
  protected Future<?> setUp() {
    limits = config.limits();
    pool = MySqlStore.pool(vertx, config);
    redis = RedisStore.client(vertx, config);
    relations = new RelationCache(vertx, services(), CACHE_ENTRIES, config.relationMaxAgeMillis());
    presence = new PresenceRegistry(vertx, redis, RedisStore.keys(config), config.presenceTtlMillis(),
        UUID.randomUUID().toString(), config.nodeId());
    presence.onReaped(this::wentOffline);
    userStates = new UserStates(pool);
    offline = new OfflineStore(pool);
    RemoteNodes remote = remoteNodes(config);
    deliveries = new Deliveries(vertx, presence, offline, remote, config.nodeId(),
        Math.max(1, config.requestTimeoutMillis() / 8), ChatMetrics.registry(config));
    ids = new MessageIds(config.nodeId());
    vertx.eventBus().<JsonObject>localConsumer(Addresses.NODE_LEFT,
        left -> presence.nodeLeft(left.body().getString(BusFields.NODE))
            .onFailure(e -> LOG.warn("sessions of node {} not removed: {}", left.body().getString(BusFields.NODE),
                e.toString())));
    vertx.eventBus().<JsonObject>localConsumer(Addresses.NODE_JOINED, joined -> startOver());
    Future<Void> route = remote instanceof RedisNodes redisRoute ? redisRoute.start() : Future.succeededFuture();
    return relations.start()
        .compose(v -> route)
        .compose(v -> presence.start());
  }

  @Override
  protected void routes(ActionRouter router) {
    router.on(Actions.Message.SEND, this::send)
        .on(Actions.Message.GROUP_SEND, this::groupSend)
        .on(Actions.Message.SESSION_OPEN, this::sessionOpen)
        .on(Actions.Message.SESSION_CLOSE, this::sessionClose)
        .on(Actions.Message.OFFLINE_FETCH, this::offlineFetch)
        .on(Actions.Message.OFFLINE_ACK, this::offlineAck)
        .on(Actions.Message.PRESENCE, this::presence)
        .on(Actions.Message.NOTIFY, this::notify)
        .on(Actions.Message.UNDELIVERED, this::undelivered)
        .on(Actions.Message.NODE_HEARTBEAT, this::nodeHeartbeat)
        .on(Actions.Message.NODE_STARTED, this::nodeStarted)
        .on(Actions.Message.SESSIONS_RESTORE, this::sessionsRestore);
  }

  @Override
  protected Future<?> tearDown() {
    Future<Void> route = redisRoute == null ? Future.succeededFuture() : redisRoute.stop();
    // Messages handed back by closing connections are being stored: the pool waits for them.
    return Future.join(relations.stop(), presence.stop(), route, deliveries.storesDone())
        .eventually(() -> Future.join(pool.close(), redis.close()));
  }

  /**
   * Other nodes over the event bus (alone, or clustered), or over Redis pub/sub. After a lost
   * Redis subscription, broadcasts may have been missed: the caches start over.
   */
  private RemoteNodes remoteNodes(ChatConfig config) {
    if (config.route() == Route.REDIS) {
      redisRoute = new RedisNodes(vertx, redis, RedisStore.keys(config), config.nodeId(), this::startOver);
      return redisRoute;
    }
    return new EventBusNodes(vertx.eventBus(), config.requestTimeoutMillis());
  }

  /** Broadcasts of changes may have been missed (a lost subscription, a cluster split): caches start over. */
  private void startOver() {
    relations.clear();
    presence.reload();
  }

  private Future<JsonObject> send(JsonObject request) {
    int uid = request.getInteger(BusFields.UID);
    String text = request.getString("text");
    limits.checkText(text);
    Named to = Named.of(request.getValue("to"));
    Future<Integer> recipient = to.byId()
        ? Future.succeededFuture(to.id())
        : relations.user(to).map(user -> user.id());
    return recipient.compose(rid -> relations.areFriends(uid, rid).compose(friends -> {
      if (!friends) {
        // An unknown id is no_such_user; a known user who is not a friend is not_friends.
        return relations.user(rid).compose(user -> Future.failedFuture(
            Errors.notFriends(user.name())));
      }
      String msgId = ids.next();
      long ts = System.currentTimeMillis();
      String event = Events.directMessage(msgId, uid, request.getString(BusFields.UNAME), rid, text, ts);
      return deliveries.deliver(List.of(rid), new EventText(event, ts), true).map(done -> accepted(msgId, ts));
    }));
  }

  private Future<JsonObject> groupSend(JsonObject request) {
    int uid = request.getInteger(BusFields.UID);
    String text = request.getString("text");
    limits.checkText(text);
    return relations.groupOfMember(Named.of(request.getValue("group")), uid).compose(group -> {
      String msgId = ids.next();
      long ts = System.currentTimeMillis();
      String event = Events.groupMessage(msgId, uid, request.getString(BusFields.UNAME), group.id(), group.name(),
          text, ts);
      return deliveries.deliver(othersIn(group, uid), new EventText(event, ts), true)
          .map(done -> accepted(msgId, ts));
    });
  }

  private static JsonObject accepted(String msgId, long ts) {
    return new JsonObject().put("msg_id", msgId).put("ts", ts);
  }

  private static List<Integer> othersIn(GroupView group, int sender) {
    List<Integer> others = new ArrayList<>(group.members().size());
    for (Integer member : group.members()) {
      if (member != sender) {
        others.add(member);
      }
    }
    return others;
  }

  /**
   * A session opened: register it, tell online friends if the user just came online, and say
   * how many stored messages the session is to replay. Stores still in flight for the user
   * are waited for first, so a message stored just before the login is counted.
   */
  private Future<JsonObject> sessionOpen(JsonObject request) {
    int uid = request.getInteger(BusFields.UID);
    JsonArray friendIds = request.getJsonArray(BusFields.USERS, new JsonArray());
    return presence.open(uid, request.getString(BusFields.SESSION), request.getString(BusFields.NODE))
        .compose(change -> {
          if (change.crossed()) {
            cameOnline(uid, request.getString(BusFields.UNAME), ids(friendIds), change.version());
          }
          return deliveries.storesDone(uid);
        })
        .compose(v -> offline.summary(uid))
        .map(summary -> {
          JsonArray online = new JsonArray();
          for (Object friend : friendIds) {
            if (presence.isOnline((Integer) friend)) {
              online.add(friend);
            }
          }
          return new JsonObject().put(BusFields.USERS, online)
              .put("offline", summary.count())
              .put("upTo", summary.newestId());
        });
  }

  /** A session closed; when it was the user's last, friends hear of it before the reply. */
  private Future<JsonObject> sessionClose(JsonObject request) {
    int uid = request.getInteger(BusFields.UID);
    return presence.close(uid, request.getString(BusFields.SESSION), request.getString(BusFields.NODE))
        .compose(change -> change.crossed()
            ? wentOffline(uid, request.getString(BusFields.UNAME), change.version())
            : Future.succeededFuture())
        .map(new JsonObject());
  }

  private void cameOnline(int uid, String name, Collection<Integer> friends, long version) {
    userStates.set(uid, true, version).onFailure(e -> LOG.warn("user.state of {}: {}", uid, e.toString()));
    deliveries.deliver(friends, EventText.presence(Events.presence(Events.user(uid, name), true), uid, version),
        false);
  }

  /**
   * A node whose heartbeat lapsed registers its sessions again. Users that had been taken
   * offline meanwhile come back online (state, presence events to friends), and get what was
   * stored for them meanwhile.
   */
  private Future<JsonObject> sessionsRestore(JsonObject request) {
    String node = request.getString(BusFields.NODE);
    List<Future<Void>> restored = new ArrayList<>();
    List<Integer> users = new ArrayList<>();
    for (Object entry : request.getJsonArray(BusFields.SESSIONS)) {
      JsonObject session = (JsonObject) entry;
      int uid = session.getInteger(BusFields.UID);
      users.add(uid);
      String name = session.getString(BusFields.UNAME);
      restored.add(presence.open(uid, session.getString(BusFields.SESSION), node).compose(change -> change.crossed()
          ? relations.friendsOf(uid).map(friends -> {
            cameOnline(uid, name, friends, change.version());
            return (Void) null;
          })
          : Future.succeededFuture()));
    }
    LOG.info("node {} registered {} sessions again after its heartbeat lapsed", node, restored.size());
    // Messages stored for them while they counted as offline are replayed now.
    return Future.join(restored).otherwiseEmpty()
        .compose(done -> deliveries.replayIfOnlineMeanwhile(users))
        .map(new JsonObject());
  }

  private static List<Integer> ids(JsonArray array) {
    List<Integer> ids = new ArrayList<>(array.size());
    for (Object id : array) {
      ids.add((Integer) id);
    }
    return ids;
  }

  /** Users whose node was reaped: their names come from the cache (or the social service). */
  private void wentOffline(List<Integer> users, long version) {
    for (Integer uid : users) {
      relations.user(uid).compose(user -> wentOffline(uid, user.name(), version));
    }
  }

  /** A user's last session closed: MySQL's user.state, and a presence event to online friends. */
  private Future<Void> wentOffline(int uid, String name, long version) {
    Future<Void> state = userStates.set(uid, false, version)
        .onFailure(e -> LOG.warn("user.state of {}: {}", uid, e.toString()));
    Future<Void> told = relations.friendsOf(uid)
        .compose(friends -> deliveries.deliver(friends,
            EventText.presence(Events.presence(Events.user(uid, name), false), uid, version), false))
        .onFailure(e -> LOG.warn("presence event for {} not sent: {}", uid, e.toString()));
    return Future.join(state, told).otherwiseEmpty().mapEmpty();
  }

  private Future<JsonObject> offlineFetch(JsonObject request) {
    return offline.page(request.getInteger(BusFields.UID), request.getLong("after"), request.getLong("upTo"),
            request.getInteger("limit"))
        .map(page -> {
          JsonArray messages = new JsonArray();
          for (StoredMessage message : page) {
            messages.add(new JsonObject().put("id", message.id()).put(BusFields.EVENT, message.event()));
          }
          return new JsonObject().put("messages", messages);
        });
  }

  private Future<JsonObject> offlineAck(JsonObject request) {
    List<Long> written = new ArrayList<>();
    for (Object id : request.getJsonArray(BusFields.IDS)) {
      written.add(((Number) id).longValue());
    }
    return offline.remove(request.getInteger(BusFields.UID), written).map(new JsonObject());
  }

  private Future<UserIds> presence(UserIds request) {
    return Future.succeededFuture(new UserIds(request.ids().stream().filter(presence::isOnline).toList()));
  }

  private Future<Empty> notify(Notify request) {
    return deliveries.deliver(request.users(), new EventText(request.event(), null), false).map(Empty.INSTANCE);
  }

  /** Copies a gateway could not deliver (events, in order, each for all the users): stored. */
  private Future<JsonObject> undelivered(JsonObject request) {
    List<EventText> events = new ArrayList<>();
    for (Object event : request.getJsonArray(BusFields.EVENTS)) {
      events.add(new EventText((String) event, null));
    }
    return deliveries.undelivered(ids(request.getJsonArray(BusFields.USERS)), events).map(new JsonObject());
  }

  private Future<JsonObject> nodeStarted(JsonObject request) {
    return presence.nodeStarted(request.getString(BusFields.NODE)).map(new JsonObject());
  }

  private Future<JsonObject> nodeHeartbeat(JsonObject request) {
    return presence.heartbeat(request.getString(BusFields.NODE))
        .map(lapsed -> new JsonObject().put(BusFields.RESTORE, lapsed));
  }
}
