package io.chat.message;

import io.chat.common.bus.ActionRouter;
import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.Empty;
import io.chat.common.bus.ServiceVerticle;
import io.chat.common.bus.message.NodeRef;
import io.chat.common.bus.message.Notify;
import io.chat.common.bus.social.UserIds;
import io.chat.common.config.ChatConfig;
import io.chat.common.config.Route;
import io.chat.common.metrics.ChatMetrics;
import io.chat.message.log.CursorStore;
import io.chat.message.log.LogReads;
import io.chat.message.log.LogStore;
import io.chat.message.log.LogLanes;
import io.chat.message.log.LogWriter;
import io.chat.message.log.V1Upgrade;
import io.chat.message.presence.PresenceRegistry;
import io.chat.message.presence.SessionLifecycle;
import io.chat.message.presence.UserStates;
import io.chat.message.query.MessageQueries;
import io.chat.message.route.EventBusNodes;
import io.chat.message.route.Fanout;
import io.chat.message.route.MessageIds;
import io.chat.message.route.RedisNodes;
import io.chat.message.route.RemoteNodes;
import io.chat.message.send.Sending;
import io.chat.relation.RelationCache;
import io.chat.store.MySqlStore;
import io.chat.store.RedisStore;
import io.chat.store.StoreFailures;
import io.vertx.core.Future;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message service on {@link Addresses#MESSAGE}: sending ({@link Sending}), the sessions'
 * lifecycle and presence ({@link SessionLifecycle}), and the reads of the conversation log
 * ({@link MessageQueries}). Each message is committed to its conversation's log before its
 * sender hears {@code ok}; friendships and memberships come from the {@link RelationCache}, the
 * recipients' nodes from the {@link PresenceRegistry} mirror.
 */
public final class MessageVerticle extends ServiceVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(MessageVerticle.class);
  private static final int CACHE_ENTRIES = 200_000;
  private static final long CID_PURGE_MILLIS = 3_600_000;
  private static final int CID_PURGE_ROWS = 10_000;
  private Pool pool;
  private Redis redis;
  private RelationCache relations;
  private PresenceRegistry presence;
  private RedisNodes redisRoute;
  private Fanout fanout;
  private LogLanes writer;
  private Sending sending;
  private SessionLifecycle sessions;
  private MessageQueries queries;
  private long purgeTimer = -1;

  public MessageVerticle(ChatConfig config) {
    super(config, Addresses.MESSAGE, StoreFailures::classify);
  }

  @Override
  protected Future<?> setUp() {
    pool = MySqlStore.pool(vertx, config);
    redis = RedisStore.client(vertx, config);
    relations = new RelationCache(vertx, services(), CACHE_ENTRIES, config.relationMaxAgeMillis());
    presence = new PresenceRegistry(vertx, redis, RedisStore.keys(config), config.presenceTtlMillis(),
        UUID.randomUUID().toString(), config.nodeId());
    RemoteNodes remote = remoteNodes();
    fanout = new Fanout(vertx, presence, remote, config.nodeId(), config.requestTimeoutMillis(),
        ChatMetrics.registry(config));
    MessageIds ids = new MessageIds(config.nodeId());
    // Half the request timeout: a sender hears unavailable from here before its gateway gives up.
    Supplier<Future<SqlConnection>> ownConnection =
        () -> LogStore.writerConnection(vertx, MySqlStore.connectOptions(config));
    List<LogWriter> lanes = new ArrayList<>();
    for (int i = 0; i < config.logWriters(); i++) {
      // Each on an event loop of its own (round robin over the node's loops), with its own heads.
      lanes.add(new LogWriter(((VertxInternal) vertx).createEventLoopContext(), new LogStore(ids::next),
          ownConnection, Math.max(1, config.requestTimeoutMillis() / 2), ChatMetrics.registry(config)));
    }
    writer = new LogLanes(context, lanes);
    LogReads reads = new LogReads(pool);
    sending = new Sending(config.limits(), relations, writer, fanout, services());
    sessions = new SessionLifecycle(vertx, presence, new UserStates(pool), relations, reads, fanout,
        Math.max(1, config.requestTimeoutMillis() / 8));
    queries = new MessageQueries(config.limits(), relations, reads, new CursorStore(pool));
    vertx.eventBus().<JsonObject>localConsumer(Addresses.NODE_LEFT,
        left -> sessions.nodeLeft(NodeRef.fromJson(left.body()).node()));
    vertx.eventBus().<JsonObject>localConsumer(Addresses.NODE_JOINED, joined -> startOver());
    purgeTimer = vertx.setPeriodic(CID_PURGE_MILLIS, tick -> purgeCids());
    return new V1Upgrade(ownConnection).run()
        .compose(moved -> relations.start())
        .compose(v -> redisRoute == null ? Future.succeededFuture() : redisRoute.start())
        .compose(v -> presence.start());
  }

  @Override
  protected void routes(ActionRouter router) {
    router.on(Actions.Message.SEND, request -> sending.send(request))
        .on(Actions.Message.GROUP_SEND, request -> sending.groupSend(request))
        .on(Actions.Message.SESSION_OPEN, request -> sessions.open(request))
        .on(Actions.Message.SESSION_CLOSE, request -> sessions.close(request))
        .on(Actions.Message.SESSIONS_RESTORE, request -> sessions.restore(request))
        .on(Actions.Message.NODE_HEARTBEAT, request -> sessions.heartbeat(request))
        .on(Actions.Message.NODE_STARTED, request -> sessions.nodeStarted(request))
        .on(Actions.Message.LOG_READ, request -> queries.logRead(request))
        .on(Actions.Message.HISTORY, request -> queries.history(request))
        .on(Actions.Message.CONVERSATIONS, request -> queries.conversations(request))
        .on(Actions.Message.ACK_CHECK, request -> queries.ackCheck(request))
        .on(Actions.Message.CURSORS, request -> queries.cursors(request))
        .on(Actions.Message.HEADS, request -> queries.heads(request))
        .on(Actions.Message.PRESENCE, this::presence)
        .on(Actions.Message.NOTIFY, this::notify);
  }

  @Override
  protected Future<?> tearDown() {
    vertx.cancelTimer(purgeTimer);
    Future<Void> route = redisRoute == null ? Future.succeededFuture() : redisRoute.stop();
    return Future.join(relations.stop(), presence.stop(), route, writerIdle())
        .eventually(() -> Future.join(writer.close(), pool.close(), redis.close()));
  }

  /** A stop waits for the batch in flight (its senders are owed an answer), a few seconds at most. */
  private Future<Void> writerIdle() {
    if (!writer.busy()) {
      return Future.succeededFuture();
    }
    return vertx.timer(50).compose(t -> writerIdle());
  }

  /**
   * Other nodes over the event bus (alone, or clustered), or over Redis pub/sub. After a lost
   * Redis subscription, broadcasts may have been missed: the caches start over.
   */
  private RemoteNodes remoteNodes() {
    if (config.route() == Route.REDIS) {
      redisRoute = new RedisNodes(vertx, redis, RedisStore.keys(config), config.nodeId(), this::startOver);
      return redisRoute;
    }
    return new EventBusNodes(vertx, config.requestTimeoutMillis());
  }

  /** Broadcasts of changes may have been missed (a lost subscription, a cluster split): caches start over. */
  private void startOver() {
    relations.clear();
    presence.reload();
  }

  private Future<UserIds> presence(UserIds request) {
    return Future.succeededFuture(new UserIds(request.ids().stream().filter(presence::isOnline).toList()));
  }

  private Future<Empty> notify(Notify request) {
    fanout.event(request.users(), request.exceptSession(), request.event(), null);
    return Future.succeededFuture(Empty.INSTANCE);
  }

  private void purgeCids() {
    LogStore.purgeCids(pool, CID_PURGE_ROWS)
        .onSuccess(purged -> LOG.debug("{} cids older than a day forgotten", purged))
        .onFailure(e -> LOG.debug("cid purge: {}", e.toString()));
  }
}
