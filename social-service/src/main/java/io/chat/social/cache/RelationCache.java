package io.chat.social.cache;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusFields;
import io.chat.common.bus.ServiceClient;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.social.store.UserRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
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
  public Future<GroupView> groupOfMember(Object named, int member) {
    GroupView cached = cachedGroup(named);
    if (cached != null && cached.members().contains(member)) {
      return Future.succeededFuture(cached);
    }
    return loadGroup(named).compose(group -> group.members().contains(member)
        ? Future.succeededFuture(group)
        : Future.failedFuture(new ChatException(ErrorCode.NOT_MEMBER, "you are not a member of this group")));
  }

  /** The user named by id or name; {@code no_such_user} if there is none. */
  public Future<UserRef> user(Object named) {
    UserRef cached = named instanceof Number id ? usersById.get(id.intValue()) : usersByName.get(named);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    JsonObject request = named instanceof Number id
        ? new JsonObject().put("id", id.intValue())
        : new JsonObject().put("name", named);
    return social.request(Addresses.SOCIAL, Actions.Social.USER, request).map(json -> {
      UserRef user = new UserRef(json.getInteger("id"), json.getString("name"));
      usersById.put(user.id(), user);
      usersByName.put(user.name(), user);
      return user;
    });
  }

  private GroupView cachedGroup(Object named) {
    Integer id = named instanceof Number number ? Integer.valueOf(number.intValue()) : groupIdsByName.get(named);
    return id == null ? null : fresh(groupsById.get(id));
  }

  private <T> T fresh(Loaded<T> loaded) {
    return loaded != null && System.nanoTime() - loaded.at() < maxAgeNanos ? loaded.value() : null;
  }

  private Future<Set<Integer>> loadFriends(int user) {
    long epoch = friendEpoch;
    return social.request(Addresses.SOCIAL, Actions.Social.FRIEND_IDS, new JsonObject().put(BusFields.UID, user))
        .map(reply -> {
          Set<Integer> friends = ids(reply.getJsonArray(BusFields.USERS));
          if (epoch == friendEpoch) {
            friendsOf.put(user, new Loaded<>(friends, System.nanoTime()));
          }
          return friends;
        });
  }

  private Future<GroupView> loadGroup(Object named) {
    long epoch = groupEpoch;
    return social.request(Addresses.SOCIAL, Actions.Social.GROUP_INFO, new JsonObject().put("group", named))
        .map(reply -> {
          GroupView group = new GroupView(reply.getInteger("id"), reply.getString("name"),
              ids(reply.getJsonArray(BusFields.USERS)));
          if (epoch == groupEpoch) {
            groupsById.put(group.id(), new Loaded<>(group, System.nanoTime()));
            groupIdsByName.put(group.name(), group.id());
          }
          return group;
        });
  }

  private void onChange(Message<JsonObject> message) {
    JsonObject change = message.body();
    JsonArray users = change.getJsonArray(RelationChange.FRIENDS);
    if (users != null) {
      friendEpoch++;
      for (Object id : users) {
        friendsOf.remove((Integer) id);
      }
    }
    Integer group = change.getInteger(RelationChange.GROUP);
    if (group != null) {
      groupEpoch++;
      groupsById.remove(group);
      groupIdsByName.remove(change.getString(RelationChange.GROUP_NAME));
    }
  }

  private static Set<Integer> ids(JsonArray array) {
    Set<Integer> ids = new HashSet<>(array.size() * 2);
    for (Object id : array) {
      ids.add((Integer) id);
    }
    return ids;
  }
}
