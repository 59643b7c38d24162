package io.chat.relation;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.ServiceClient;
import io.chat.common.bus.social.Lookup;
import io.chat.common.bus.social.OfUser;
import io.chat.common.bus.social.RelationChange;
import io.chat.common.model.Named;
import io.chat.common.model.UserRef;
import io.chat.common.protocol.Errors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * In-process cache of the relations the message path checks for every message: a user's
 * friends and a group's members, plus user and group names. Misses are filled from the social
 * service over the event bus. Use it from one context only (the one that called
 * {@link #start()}).
 *
 * <p>Why it stays correct:
 * <ul>
 *   <li>The social service publishes a {@link RelationChange} after each change commits and
 *       before it replies. This cache drops the entries the change touches. Its consumer runs
 *       on the same context as the requests that read the cache, so a request that follows the
 *       reply of a change (on this node) is handled after the drop.</li>
 *   <li>A fill that was in flight while a change arrived may carry the old state, so its result
 *       answers that one request but is not kept (epoch check).</li>
 *   <li>Only positive answers are taken from the cache. "Not friends" and "not a member" are
 *       confirmed with the social service before they are answered, so a missed or late change
 *       can never refuse a legitimate message.</li>
 *   <li>A change whose notice never arrived (a broken link between nodes) lasts at most the
 *       max age: a friendship or membership loaded longer ago is asked for again.</li>
 *   <li>User ids and names never change, so they are kept until evicted.</li>
 * </ul>
 */
public final class RelationCache {

  private final Vertx vertx;
  private final ServiceClient social;
  private final long maxAgeNanos;
  private final Map<Integer, Loaded<Set<Integer>>> friendsOf;
  private final Map<Integer, Loaded<GroupView>> groupsById;
  private final Map<String, Integer> groupIdsByName;
  private final Map<Integer, UserRef> usersById;
  private final Map<String, UserRef> usersByName;
  private long friendEpoch;
  private long groupEpoch;
  private MessageConsumer<JsonObject> changes;

  /** A relation as loaded, and when (System.nanoTime). */
  private record Loaded<T>(T value, long at) {
  }

  /** A cache of at most maxEntries per map, trusting a loaded relation for maxAgeMillis. */
  public RelationCache(Vertx vertx, ServiceClient social, int maxEntries, long maxAgeMillis) {
    this.vertx = vertx;
    this.social = social;
    this.maxAgeNanos = TimeUnit.MILLISECONDS.toNanos(maxAgeMillis);
    this.friendsOf = new LruMap<>(maxEntries);
    this.groupsById = new LruMap<>(maxEntries);
    this.groupIdsByName = new LruMap<>(maxEntries);
    this.usersById = new LruMap<>(maxEntries);
    this.usersByName = new LruMap<>(maxEntries);
  }

  public Future<Void> start() {
    changes = vertx.eventBus().consumer(Addresses.SOCIAL_CHANGES, this::onChange);
    return changes.completion();
  }

  public Future<Void> stop() {
    return changes == null ? Future.succeededFuture() : changes.unregister();
  }

  /** Forgets every relation (changes may have been missed); names stay, as they never change. */
  public void clear() {
    friendEpoch++;
    groupEpoch++;
    friendsOf.clear();
    groupsById.clear();
    groupIdsByName.clear();
  }

  /** True when the two users are friends. */
  public Future<Boolean> areFriends(int user, int other) {
    Set<Integer> cached = fresh(friendsOf.get(user));
    if (cached != null && cached.contains(other)) {
      return Future.succeededFuture(true);
    }
    return loadFriends(user).map(friends -> friends.contains(other));
  }

  /** The ids of a user's friends. */
  public Future<Set<Integer>> friendsOf(int user) {
    Set<Integer> cached = fresh(friendsOf.get(user));
    return cached != null ? Future.succeededFuture(cached) : loadFriends(user);
  }

  /**
   * The group named by id or name, which must have this member: {@code no_such_group} or
   * {@code not_member} otherwise.
   */
  public Future<GroupView> groupOfMember(Named named, int member) {
    GroupView cached = cachedGroup(named);
    if (cached != null && cached.members().contains(member)) {
      return Future.succeededFuture(cached);
    }
    return loadGroup(named).compose(group -> group.members().contains(member)
        ? Future.succeededFuture(group)
        : Future.failedFuture(Errors.notMember()));
  }

  /** The user named by id or name; {@code no_such_user} if there is none. */
  public Future<UserRef> user(Named named) {
    UserRef cached = named.byId() ? usersById.get(named.id()) : usersByName.get(named.name());
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return social.request(Actions.Social.USER, new Lookup(named)).map(user -> {
      usersById.put(user.id(), user);
      usersByName.put(user.name(), user);
      return user;
    });
  }

  /** The user with this id; {@code no_such_user} if there is none. */
  public Future<UserRef> user(int id) {
    return user(Named.id(id));
  }

  private GroupView cachedGroup(Named named) {
    Integer id = named.byId() ? named.id() : groupIdsByName.get(named.name());
    return id == null ? null : fresh(groupsById.get(id));
  }

  private <T> T fresh(Loaded<T> loaded) {
    return loaded != null && System.nanoTime() - loaded.at() < maxAgeNanos ? loaded.value() : null;
  }

  private Future<Set<Integer>> loadFriends(int user) {
    long epoch = friendEpoch;
    return social.request(Actions.Social.FRIEND_IDS, new OfUser(user))
        .map(reply -> {
          Set<Integer> friends = new HashSet<>(reply.ids());
          if (epoch == friendEpoch) {
            friendsOf.put(user, new Loaded<>(friends, System.nanoTime()));
          }
          return friends;
        });
  }

  private Future<GroupView> loadGroup(Named named) {
    long epoch = groupEpoch;
    return social.request(Actions.Social.GROUP_INFO, new Lookup(named))
        .map(reply -> {
          GroupView group = new GroupView(reply.group().id(), reply.group().name(), new HashSet<>(reply.members()));
          if (epoch == groupEpoch) {
            groupsById.put(group.id(), new Loaded<>(group, System.nanoTime()));
            groupIdsByName.put(group.name(), group.id());
          }
          return group;
        });
  }

  private void onChange(Message<JsonObject> message) {
    RelationChange change = RelationChange.fromJson(message.body());
    List<Integer> users = change.friends();
    if (!users.isEmpty()) {
      friendEpoch++;
      users.forEach(friendsOf::remove);
    }
    if (change.group() != null) {
      groupEpoch++;
      groupsById.remove(change.group().id());
      groupIdsByName.remove(change.group().name());
    }
  }
}
