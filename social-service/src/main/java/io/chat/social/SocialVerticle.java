package io.chat.social;

import io.chat.common.bus.ActionRouter;
import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.Empty;
import io.chat.common.bus.ServiceVerticle;
import io.chat.common.bus.message.Notify;
import io.chat.common.bus.social.FriendList;
import io.chat.common.bus.social.FriendReply;
import io.chat.common.bus.social.GroupAction;
import io.chat.common.bus.social.GroupCreate;
import io.chat.common.bus.social.GroupList;
import io.chat.common.bus.social.GroupMembers;
import io.chat.common.bus.social.GroupReply;
import io.chat.common.bus.social.Lookup;
import io.chat.common.bus.social.MemberList;
import io.chat.common.bus.social.OfUser;
import io.chat.common.bus.social.Overview;
import io.chat.common.bus.social.RelationChange;
import io.chat.common.bus.social.UserAction;
import io.chat.common.bus.social.UserIds;
import io.chat.common.config.ChatConfig;
import io.chat.common.model.Friend;
import io.chat.common.model.GroupMember;
import io.chat.common.model.GroupRole;
import io.chat.common.model.Named;
import io.chat.common.model.UserRef;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.common.protocol.Errors;
import io.chat.common.protocol.Events;
import io.chat.social.store.FriendRepository;
import io.chat.social.store.GroupRepository;
import io.chat.social.store.GroupRow;
import io.chat.social.store.UserDirectory;
import io.chat.store.MySqlStore;
import io.chat.store.StoreFailures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.Collection;
import java.util.HashSet;
import java.util.ArrayList;
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
public final class SocialVerticle extends ServiceVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(SocialVerticle.class);

  private Pool pool;
  private UserDirectory users;
  private FriendRepository friends;
  private GroupRepository groups;

  public SocialVerticle(ChatConfig config) {
    super(config, Addresses.SOCIAL, StoreFailures::classify);
  }

  @Override
  protected Future<?> setUp() {
    pool = MySqlStore.pool(vertx, config);
    users = new UserDirectory(pool);
    friends = new FriendRepository(pool);
    groups = new GroupRepository(pool);
    return Future.succeededFuture();
  }

  @Override
  protected void routes(ActionRouter router) {
    router.on(Actions.Social.OVERVIEW, this::overview)
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
  }

  @Override
  protected Future<?> tearDown() {
    return pool.close();
  }

  /** A user's friends and groups, for the login reply (online flags come from presence). */
  private Future<Overview> overview(OfUser request) {
    return Future.all(friends.friendsOf(request.userId()), groups.groupsOf(request.userId()))
        .map(both -> new Overview(both.resultAt(0), both.resultAt(1)));
  }

  private Future<FriendList> friends(OfUser request) {
    return friends.friendsOf(request.userId())
        .compose(list -> online(list.stream().map(UserRef::id).toList())
            .map(online -> new FriendList(list.stream()
                .map(friend -> new Friend(friend, online.contains(friend.id()))).toList())));
  }

  private Future<FriendReply> friendAdd(UserAction request) {
    UserRef me = request.caller().ref();
    return namedUser(request.user())
        .compose(other -> other.id() == me.id()
            ? Future.failedFuture(new ChatException(ErrorCode.CANNOT_BEFRIEND_SELF, "you cannot befriend yourself"))
            : friends.add(me.id(), other.id()).compose(added -> added
                ? Future.succeededFuture(other)
                : Future.failedFuture(new ChatException(ErrorCode.ALREADY_FRIENDS,
                    other.name() + " is already your friend"))))
        .compose(other -> {
          changed(RelationChange.friendship(me.id(), other.id()));
          notify(List.of(other.id()), null, Events.friendship(Events.FRIEND_ADDED, new Friend(me, true).toJson()));
          return online(List.of(other.id())).map(online -> new FriendReply(new Friend(other, !online.isEmpty())));
        });
  }

  private Future<Empty> friendRemove(UserAction request) {
    UserRef me = request.caller().ref();
    return namedUser(request.user())
        .compose(other -> friends.remove(me.id(), other.id()).compose(removed -> removed
            ? Future.succeededFuture(other)
            : Future.failedFuture(Errors.notFriends(other.name()))))
        .map(other -> {
          changed(RelationChange.friendship(me.id(), other.id()));
          notify(List.of(other.id()), null, Events.friendship(Events.FRIEND_REMOVED, new Friend(me, true).toJson()));
          return Empty.INSTANCE;
        });
  }

  private Future<GroupList> groups(OfUser request) {
    return groups.groupsOf(request.userId()).map(GroupList::new);
  }

  private Future<GroupReply> groupCreate(GroupCreate request) {
    config.limits().checkName(request.name(), ErrorCode.INVALID_NAME);
    config.limits().checkDesc(request.desc());
    return groups.create(request.name(), request.desc(), request.caller().id()).map(group -> {
      changed(RelationChange.group(group.ref()));
      return new GroupReply(group.as(GroupRole.CREATOR));
    });
  }

  private Future<GroupReply> groupJoin(GroupAction request) {
    UserRef me = request.caller().ref();
    return namedGroup(request.group())
        .compose(group -> groups.join(group.id(), me.id()).map(group))
        .compose(group -> {
          changed(RelationChange.group(group.ref()));
          return groups.memberIds(group.id()).map(members -> {
            // The members, the joiner's other sessions among them.
            notify(members, request.session(),
                Events.groupMember(Events.GROUP_MEMBER_JOINED, group.ref().toJson(), me.toJson()));
            return new GroupReply(group.as(GroupRole.NORMAL));
          });
        });
  }

  private Future<Empty> groupLeave(GroupAction request) {
    UserRef me = request.caller().ref();
    return namedGroup(request.group())
        .compose(group -> groups.leave(group.id(), me.id()).map(group))
        .compose(group -> {
          changed(RelationChange.group(group.ref()));
          return groups.memberIds(group.id()).map(members -> {
            // The members left, and the leaver's other sessions.
            notify(with(members, me.id()), request.session(),
                Events.groupMember(Events.GROUP_MEMBER_LEFT, group.ref().toJson(), me.toJson()));
            return Empty.INSTANCE;
          });
        });
  }

  private Future<Empty> groupDelete(GroupAction request) {
    int uid = request.caller().id();
    return namedGroup(request.group())
        .compose(group -> groups.delete(group.id(), uid).map(members -> {
          changed(RelationChange.group(group.ref()));
          notify(members, request.session(), Events.groupDeleted(group.ref().toJson()));
          return Empty.INSTANCE;
        }));
  }

  private Future<MemberList> groupMembers(GroupAction request) {
    int uid = request.caller().id();
    return namedGroup(request.group())
        .compose(group -> groups.members(group.id()))
        .compose(members -> members.stream().anyMatch(member -> member.user().id() == uid)
            ? online(members.stream().map(member -> member.user().id()).toList())
                .map(online -> new MemberList(members.stream()
                    .map(member -> new GroupMember(member.user(), member.role(), online.contains(member.user().id())))
                    .toList()))
            : Future.failedFuture(Errors.notMember()));
  }

  private Future<UserIds> friendIds(OfUser request) {
    return friends.friendIds(request.userId()).map(UserIds::new);
  }

  private Future<GroupMembers> groupInfo(Lookup request) {
    return namedGroup(request.named())
        .compose(group -> groups.memberIds(group.id()).map(members -> new GroupMembers(group.ref(), members)));
  }

  private Future<UserRef> user(Lookup request) {
    return namedUser(request.named());
  }

  /** The user named by id or name; {@code no_such_user} if none. */
  private Future<UserRef> namedUser(Named named) {
    return (named.byId() ? users.byId(named.id()) : users.byName(named.name()))
        .compose(user -> user != null ? Future.succeededFuture(user) : Future.failedFuture(Errors.noSuchUser()));
  }

  /** The group named by id or name; {@code no_such_group} if none. */
  private Future<GroupRow> namedGroup(Named named) {
    return (named.byId() ? groups.byId(named.id()) : groups.byName(named.name()))
        .compose(group -> group != null ? Future.succeededFuture(group) : Future.failedFuture(Errors.noSuchGroup()));
  }

  private static List<Integer> with(List<Integer> members, int uid) {
    List<Integer> all = new ArrayList<>(members);
    all.add(uid);
    return all;
  }

  /** Which of these users are online; when presence cannot be asked, nobody is. */
  private Future<Set<Integer>> online(Collection<Integer> userIds) {
    if (userIds.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return services().request(Actions.Message.PRESENCE, new UserIds(List.copyOf(userIds)))
        .<Set<Integer>>map(reply -> new HashSet<>(reply.ids()))
        .otherwise(failure -> {
          LOG.warn("presence unavailable, reporting users offline: {}", failure.getMessage());
          return Set.of();
        });
  }

  private void changed(RelationChange change) {
    vertx.eventBus().publish(Addresses.SOCIAL_CHANGES, change.toJson());
  }

  /** Hands an event to the delivery path, for the online sessions of these users but one (or null). */
  private void notify(List<Integer> userIds, String exceptSession, JsonObject event) {
    if (!userIds.isEmpty()) {
      services().send(Actions.Message.NOTIFY, new Notify(userIds, exceptSession, event.encode()));
    }
  }
}
