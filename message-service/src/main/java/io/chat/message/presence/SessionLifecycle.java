package io.chat.message.presence;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Empty;
import io.chat.common.bus.message.HeartbeatReply;
import io.chat.common.bus.message.NodeRef;
import io.chat.common.bus.message.Opened;
import io.chat.common.bus.message.SessionOpen;
import io.chat.common.bus.message.SessionRef;
import io.chat.common.bus.message.SessionsRestore;
import io.chat.common.bus.node.PresenceTag;
import io.chat.common.bus.social.OfUser;
import io.chat.common.model.UserRef;
import io.chat.common.protocol.Events;
import io.chat.message.log.LogReads;
import io.chat.message.route.Fanout;
import io.chat.relation.RelationCache;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions coming and going: each open and close goes to the presence registry; a user's first
 * session and last one tell their online friends ({@code presence}) and set {@code user.state};
 * nodes that stop without closing their sessions are reaped, and a node whose heartbeat lapsed
 * registers its sessions again. A session's open also reads where its user stands in the log,
 * for the login's replay.
 */
public final class SessionLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(SessionLifecycle.class);

  private final Vertx vertx;
  private final PresenceRegistry presence;
  private final UserStates userStates;
  private final RelationCache relations;
  private final LogReads reads;
  private final Fanout fanout;
  private final long flushWaitMillis;

  /**
   * @param flushWaitMillis how long an open waits for the other nodes of its user to write the
   *     cursors they hold (a node slow to answer costs the login at most this)
   */
  public SessionLifecycle(Vertx vertx, PresenceRegistry presence, UserStates userStates, RelationCache relations,
      LogReads reads, Fanout fanout, long flushWaitMillis) {
    this.vertx = vertx;
    this.presence = presence;
    this.userStates = userStates;
    this.relations = relations;
    this.reads = reads;
    this.fanout = fanout;
    this.flushWaitMillis = flushWaitMillis;
    presence.onReaped(this::reaped);
  }

  /**
   * Registers the session, tells online friends if the user just came online, and reads the
   * user's position in every conversation. The read comes after the registration, so whatever
   * is committed after it is sent to the session live; and after the user's other nodes wrote
   * the cursors they held, so a message another session of the user has shown is not replayed.
   */
  public Future<Opened> open(SessionOpen request) {
    int uid = request.caller().id();
    return presence.open(uid, request.session(), request.node())
        .compose(change -> {
          if (change.crossed()) {
            cameOnline(request.caller().ref(), request.friends(), change.version());
          }
          return flushCursorsElsewhere(uid, request.node());
        })
        .compose(flushed -> reads.positions(uid))
        .map(positions -> new Opened(request.friends().stream().filter(presence::isOnline).toList(), positions));
  }

  /** A session closed; when it was the user's last, friends hear of it before the reply. */
  public Future<Empty> close(SessionRef request) {
    int uid = request.caller().id();
    return presence.close(uid, request.session(), request.node())
        .compose(change -> change.crossed()
            ? wentOffline(request.caller().ref(), change.version())
            : Future.succeededFuture())
        .map(Empty.INSTANCE);
  }

  /**
   * A node whose heartbeat lapsed registers its sessions again. Users that had been taken
   * offline meanwhile come back online (state, presence events to friends).
   */
  public Future<Empty> restore(SessionsRestore request) {
    List<Future<Void>> restored = new ArrayList<>();
    for (SessionRef session : request.sessions()) {
      UserRef user = session.caller().ref();
      restored.add(presence.open(user.id(), session.session(), request.node())
          .compose(change -> change.crossed()
              ? relations.friendsOf(user.id()).map(friends -> {
                cameOnline(user, friends, change.version());
                return (Void) null;
              })
              : Future.succeededFuture()));
    }
    LOG.info("node {} registered {} sessions again after its heartbeat lapsed", request.node(), restored.size());
    return Future.join(restored).otherwiseEmpty().map(Empty.INSTANCE);
  }

  public Future<HeartbeatReply> heartbeat(NodeRef node) {
    return presence.heartbeat(node.node()).map(HeartbeatReply::new);
  }

  public Future<Empty> nodeStarted(NodeRef node) {
    return presence.nodeStarted(node.node()).map(Empty.INSTANCE);
  }

  /** A node left the cluster: its sessions go now, without waiting for its heartbeat to expire. */
  public void nodeLeft(String node) {
    presence.nodeLeft(node).onFailure(e -> LOG.warn("sessions of node {} not removed: {}", node, e.toString()));
  }

  private Future<Void> flushCursorsElsewhere(int uid, String openingNode) {
    List<Future<Void>> flushed = new ArrayList<>();
    for (String node : presence.nodesOf(uid)) {
      if (!node.equals(openingNode)) {
        flushed.add(fanout.notify(node, Actions.Node.FLUSH_CURSORS, new OfUser(uid)));
      }
    }
    if (flushed.isEmpty()) {
      return Future.succeededFuture();
    }
    // A node slow to answer delays the login at most this long; its cursors may then be replayed.
    return Future.any(Future.join(flushed), vertx.timer(flushWaitMillis)).mapEmpty();
  }

  private void cameOnline(UserRef user, Collection<Integer> friends, long version) {
    userStates.set(user.id(), true, version).onFailure(e -> LOG.warn("user.state of {}: {}", user.id(), e.toString()));
    fanout.event(friends, null, Events.presence(user.toJson(), true).encode(), new PresenceTag(user.id(), version));
  }

  /** Users whose node was reaped: their names come from the cache (or the social service). */
  private void reaped(List<Integer> users, long version) {
    for (Integer uid : users) {
      relations.user(uid).compose(user -> wentOffline(user, version));
    }
  }

  /** A user's last session closed: MySQL's user.state, and a presence event to online friends. */
  private Future<Void> wentOffline(UserRef user, long version) {
    Future<Void> state = userStates.set(user.id(), false, version)
        .onFailure(e -> LOG.warn("user.state of {}: {}", user.id(), e.toString()));
    Future<Void> told = relations.friendsOf(user.id())
        .map(friends -> {
          fanout.event(friends, null, Events.presence(user.toJson(), false).encode(), new PresenceTag(user.id(), version));
          return (Void) null;
        })
        .onFailure(e -> LOG.warn("presence event for {} not sent: {}", user.id(), e.toString()));
    return Future.join(state, told).otherwiseEmpty().mapEmpty();
  }
}
