package io.chat.social;

import io.chat.common.bus.ActionRouter;
import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusFields;
import io.chat.common.bus.ServiceClient;
import io.chat.common.config.ChatConfig;
import io.chat.common.metrics.ChatMetrics;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.common.protocol.Events;
import io.chat.common.protocol.Limits;
import io.chat.social.cache.RelationChange;
import io.chat.social.store.FriendRepository;
import io.chat.social.store.GroupMembership;
import io.chat.social.store.GroupRef;
import io.chat.social.store.GroupRepository;
import io.chat.social.store.Member;
import io.chat.social.store.UserDirectory;
import io.chat.social.store.UserRef;
import io.chat.store.MySqlStore;
import io.chat.store.StoreFailures;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Friends and groups on {@link Addresses#SOCIAL}. After every change it publishes a
 * {@link RelationChange} (before replying, so a client that acts on the reply never meets a
 * stale cache on this node) and hands the events of the change to the message service for
 * delivery to the users concerned.
 */
public final class SocialVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SocialVerticle.class);

  private Pool pool;
  private UserDirectory users;
  private FriendRepository friends;
  private GroupRepository groups;
  private ServiceClient services;
  private Limits limits;

  @Override
  public Future<?> start() {
    ChatConfig config = new ChatConfig(config());
    limits = config.limits();
    pool = MySqlStore.pool(vertx, config);
    users = new UserDirectory(pool);
    friends = new FriendRepository(pool);
    groups = new GroupRepository(pool);
    services = ServiceClient.of(vertx.eventBus(), config);
    ActionRouter router = new ActionRouter(Addresses.SOCIAL, StoreFailures::classify, ChatMetrics.registry(config))
        .on(Actions.Social.OVERVIEW, this::overview)
        .on(Actions.Social.FRIENDS, this::friends)
        .on(Actions.Social.FRIEND_ADD, this::friendAdd)
        .on(Actions.Social.FRIEND_REMOVE, this::friendRemove)
        .on(Actions.Social.GROUPS, this::groups)
        .on(Actions.Social.GROUP_CREATE, this::groupCreate)
        .on(Actions.Social.GROUP_JOIN, this::groupJoin)
        .on(Actions.Social.GROUP_LEAVE, this::groupLeave)
        .on(Actions.Social.GROUP_DELETE, this::groupDelete)
        .on(Actions.Social.GROUP_MEMBERS, this::groupMembers)
        .on(Actions.Social.FRIEND_IDS, this::friendIds)
        .on(Actions.Social.GROUP_INFO, this::groupInfo)
        .on(Actions.Social.USER, this::user);
    return vertx.eventBus().<JsonObject>consumer(Addresses.SOCIAL, router::handle).completion();
  }

  @Override
  public Future<?> stop() {
    return pool.close();
  }

  /** A user's friends and groups, for the login reply (online flags come from presence). */
  private Future<JsonObject> overview(JsonObject request) {
    int uid = request.getInteger(BusFields.UID);
    return Future.all(friends.friendsOf(uid), groups.groupsOf(uid)).map(both -> {
      JsonArray friendList = new JsonArray();
      for (UserRef friend : both.<List<UserRef>>resultAt(0)) {
        friendList.add(friend.toJson());
      }
      return new JsonObject().put("friends", friendList).put("groups", groupList(both.resultAt(1)));
    });
  }

  private Future<JsonObject> friends(JsonObject request) {
    return friends.friendsOf(request.getInteger(BusFields.UID))
        .compose(list -> online(list.stream().map(UserRef::id).toList()).map(online -> {
          JsonArray friendList = new JsonArray();
          for (UserRef friend : list) {
            friendList.add(friend.toJson().put("online", online.contains(friend.id())));
          }
          return new JsonObject().put("friends", friendList);
        }));
  }

  private Future<JsonObject> friendAdd(JsonObject request) {
    int uid = request.getInteger(BusFields.UID);
    UserRef me = new UserRef(uid, request.getString(BusFields.UNAME));
    return namedUser(request).compose(other -> {
      if (other.id() == uid) {
        return Future.failedFuture(new ChatException(ErrorCode.CANNOT_BEFRIEND_SELF,
            "you cannot befriend yourself"));
      }
      return friends.add(uid, other.id()).compose(added -> {
        if (!added) {
          return Future.failedFuture(new ChatException(ErrorCode.ALREADY_FRIENDS,
              other.name() + " is already your friend"));
        }
        changed(RelationChange.friendship(uid, other.id()));
        notify(List.of(other.id()), Events.friendship(Events.FRIEND_ADDED, me.toJson().put("online", true)));
        return online(List.of(other.id())).map(online -> new JsonObject()
            .put("friend", other.toJson().put("online", online.contains(other.id()))));
      });
    });
  }

  private Future<JsonObject> friendRemove(JsonObject request) {
    int uid = request.getInteger(BusFields.UID);
    UserRef me = new UserRef(uid, request.getString(BusFields.UNAME));
    return namedUser(request).compose(other -> friends.remove(uid, other.id()).compose(removed -> {
      if (!removed) {
        return Future.failedFuture(new ChatException(ErrorCode.NOT_FRIENDS,
            other.name() + " is not your friend"));
      }
      changed(RelationChange.friendship(uid, other.id()));
      notify(List.of(other.id()), Events.friendship(Events.FRIEND_REMOVED, me.toJson().put("online", true)));
      return Future.succeededFuture(new JsonObject());
    }));
  }

  private Future<JsonObject> groups(JsonObject request) {
    return groups.groupsOf(request.getInteger(BusFields.UID))
        .map(list -> new JsonObject().put("groups", groupList(list)));
  }

  private Future<JsonObject> groupCreate(JsonObject request) {
    int uid = request.getInteger(BusFields.UID);
    String name = request.getString("name");
    String desc = request.getString("desc", "");
    limits.checkName(name, ErrorCode.INVALID_NAME);
    limits.checkDesc(desc);
    return groups.create(name, desc, uid).map(group -> {
      changed(RelationChange.group(group.id(), group.name()));
      return new JsonObject().put("group", group.toJson(Member.CREATOR));
    });
  }

  private Future<JsonObject> groupJoin(JsonObject request) {
    int uid = request.getInteger(BusFields.UID);
    UserRef me = new UserRef(uid, request.getString(BusFields.UNAME));
    return namedGroup(request).compose(group -> groups.join(group.id(), uid)
        .compose(joined -> {
          changed(RelationChange.group(group.id(), group.name()));
          return groups.memberIds(group.id());
        })
        .map(members -> {
          notify(others(members, uid), Events.groupMember(Events.GROUP_MEMBER_JOINED, group.toJson(), me.toJson()));
          return new JsonObject().put("group", group.toJson(Member.NORMAL));
        }));
  }

  private Future<JsonObject> groupLeave(JsonObject request) {
    int uid = request.getInteger(BusFields.UID);
    UserRef me = new UserRef(uid, request.getString(BusFields.UNAME));
    return namedGroup(request).compose(group -> groups.leave(group.id(), uid)
        .compose(left -> {
          changed(RelationChange.group(group.id(), group.name()));
          return groups.memberIds(group.id());
        })
        .map(members -> {
          notify(members, Events.groupMember(Events.GROUP_MEMBER_LEFT, group.toJson(), me.toJson()));
          return new JsonObject();
        }));
  }

  private Future<JsonObject> groupDelete(JsonObject request) {
    int uid = request.getInteger(BusFields.UID);
    return namedGroup(request).compose(group -> groups.delete(group.id(), uid).map(members -> {
      changed(RelationChange.group(group.id(), group.name()));
      notify(others(members, uid), Events.groupDeleted(group.toJson()));
      return new JsonObject();
    }));
  }

  private Future<JsonObject> groupMembers(JsonObject request) {
    int uid = request.getInteger(BusFields.UID);
    return namedGroup(request).compose(group -> groups.members(group.id()).compose(members -> {
      if (members.stream().noneMatch(member -> member.user().id() == uid)) {
        return Future.failedFuture(new ChatException(ErrorCode.NOT_MEMBER,
            "you are not a member of this group"));
      }
      return online(members.stream().map(member -> member.user().id()).toList()).map(online -> {
        JsonArray list = new JsonArray();
        for (Member member : members) {
          list.add(member.user().toJson().put("role", member.role())
              .put("online", online.contains(member.user().id())));
        }
        return new JsonObject().put("members", list);
      });
    }));
  }

  private Future<JsonObject> friendIds(JsonObject request) {
    return friends.friendIds(request.getInteger(BusFields.UID))
        .map(ids -> new JsonObject().put(BusFields.USERS, new JsonArray(ids)));
  }

  private Future<JsonObject> groupInfo(JsonObject request) {
    return namedGroup(request).compose(group -> groups.memberIds(group.id())
        .map(members -> group.toJson().put(BusFields.USERS, new JsonArray(members))));
  }

  private Future<JsonObject> user(JsonObject request) {
    return namedUser(request).map(UserRef::toJson);
  }

  /** The user a request names by {@code id} or {@code name}; {@code no_such_user} if none. */
  private Future<UserRef> namedUser(JsonObject request) {
    Integer id = request.getInteger("id");
    Future<UserRef> found = id != null ? users.byId(id) : users.byName(request.getString("name"));
    return found.compose(user -> user != null
        ? Future.succeededFuture(user)
        : Future.failedFuture(new ChatException(ErrorCode.NO_SUCH_USER, "no such user")));
  }

  /** The group a request names by id or name in {@code group}; {@code no_such_group} if none. */
  private Future<GroupRef> namedGroup(JsonObject request) {
    Object named = request.getValue("group");
    Future<GroupRef> found = named instanceof Number id
        ? groups.byId(id.intValue())
        : groups.byName(String.valueOf(named));
    return found.compose(group -> group != null
        ? Future.succeededFuture(group)
        : Future.failedFuture(new ChatException(ErrorCode.NO_SUCH_GROUP, "no such group")));
  }

  private static JsonArray groupList(List<GroupMembership> memberships) {
    JsonArray list = new JsonArray();
    for (GroupMembership membership : memberships) {
      list.add(membership.group().toJson(membership.role()));
    }
    return list;
  }

  private static List<Integer> others(List<Integer> members, int uid) {
    return members.stream().filter(id -> id != uid).toList();
  }

  /** Which of these users are online; when presence cannot be asked, nobody is. */
  private Future<Set<Integer>> online(Collection<Integer> userIds) {
    if (userIds.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    JsonObject request = new JsonObject().put(BusFields.USERS, new JsonArray(List.copyOf(userIds)));
    return services.request(Addresses.MESSAGE, Actions.Message.PRESENCE, request)
        .map(reply -> {
          Set<Integer> online = new HashSet<>();
          for (Object id : reply.getJsonArray(BusFields.USERS)) {
            online.add((Integer) id);
          }
          return online;
        })
        .otherwise(failure -> {
          LOG.warn("presence unavailable, reporting users offline: {}", failure.getMessage());
          return Set.of();
        });
  }

  private void changed(JsonObject change) {
    vertx.eventBus().publish(Addresses.SOCIAL_CHANGES, change);
  }

  /** Hands an event to the delivery path, for the online sessions of these users. */
  private void notify(List<Integer> userIds, JsonObject event) {
    if (userIds.isEmpty()) {
      return;
    }
    services.send(Addresses.MESSAGE, Actions.Message.NOTIFY, new JsonObject()
        .put(BusFields.USERS, new JsonArray(userIds))
        .put(BusFields.EVENT, event.encode()));
  }
}
