package io.chat.common.bus;

import io.chat.common.bus.auth.LoginRequest;
import io.chat.common.bus.message.Notify;
import io.chat.common.bus.auth.RegisterRequest;
import io.chat.common.bus.auth.UserReply;
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
import io.chat.common.bus.social.UserAction;
import io.chat.common.bus.social.UserIds;
import io.chat.common.model.UserRef;

/**
 * The actions each service address understands, sent in the {@code action} header. A typed
 * action ({@link BusAction}) also names its request and reply records.
 */
public final class Actions {

  private Actions() {
  }

  /** {@link Addresses#AUTH}. */
  public static final class Auth {
    public static final BusAction<RegisterRequest, UserReply> REGISTER =
        new BusAction<>(Addresses.AUTH, "register", RegisterRequest::fromJson, UserReply::fromJson);
    public static final BusAction<LoginRequest, UserReply> LOGIN =
        new BusAction<>(Addresses.AUTH, "login", LoginRequest::fromJson, UserReply::fromJson);

    private Auth() {
    }
  }

  /** {@link Addresses#SOCIAL}. */
  public static final class Social {
    /** A user's friends and groups, for the login reply. */
    public static final BusAction<OfUser, Overview> OVERVIEW =
        new BusAction<>(Addresses.SOCIAL, "overview", OfUser::fromJson, Overview::fromJson);
    public static final BusAction<OfUser, FriendList> FRIENDS =
        new BusAction<>(Addresses.SOCIAL, "friends", OfUser::fromJson, FriendList::fromJson);
    public static final BusAction<UserAction, FriendReply> FRIEND_ADD =
        new BusAction<>(Addresses.SOCIAL, "friend_add", UserAction::fromJson, FriendReply::fromJson);
    public static final BusAction<UserAction, Empty> FRIEND_REMOVE =
        new BusAction<>(Addresses.SOCIAL, "friend_remove", UserAction::fromJson, Empty::fromJson);
    public static final BusAction<OfUser, GroupList> GROUPS =
        new BusAction<>(Addresses.SOCIAL, "groups", OfUser::fromJson, GroupList::fromJson);
    public static final BusAction<GroupCreate, GroupReply> GROUP_CREATE =
        new BusAction<>(Addresses.SOCIAL, "group_create", GroupCreate::fromJson, GroupReply::fromJson);
    public static final BusAction<GroupAction, GroupReply> GROUP_JOIN =
        new BusAction<>(Addresses.SOCIAL, "group_join", GroupAction::fromJson, GroupReply::fromJson);
    public static final BusAction<GroupAction, Empty> GROUP_LEAVE =
        new BusAction<>(Addresses.SOCIAL, "group_leave", GroupAction::fromJson, Empty::fromJson);
    public static final BusAction<GroupAction, Empty> GROUP_DELETE =
        new BusAction<>(Addresses.SOCIAL, "group_delete", GroupAction::fromJson, Empty::fromJson);
    public static final BusAction<GroupAction, MemberList> GROUP_MEMBERS =
        new BusAction<>(Addresses.SOCIAL, "group_members", GroupAction::fromJson, MemberList::fromJson);
    /** The ids of a user's friends (relation cache fill). */
    public static final BusAction<OfUser, UserIds> FRIEND_IDS =
        new BusAction<>(Addresses.SOCIAL, "friend_ids", OfUser::fromJson, UserIds::fromJson);
    /** A group's id, name and member ids (relation cache fill). */
    public static final BusAction<Lookup, GroupMembers> GROUP_INFO =
        new BusAction<>(Addresses.SOCIAL, "group_info", Lookup::fromJson, GroupMembers::fromJson);
    /** A user's id and name, named by id or name. */
    public static final BusAction<Lookup, UserRef> USER =
        new BusAction<>(Addresses.SOCIAL, "user", Lookup::fromJson, UserRef::fromJson);

    private Social() {
    }
  }

  /** {@link Addresses#MESSAGE}. */
  public static final class Message {
    public static final String SEND = "send";
    public static final String GROUP_SEND = "group_send";
    /** A gateway opened a session: register presence, count stored messages. */
    public static final String SESSION_OPEN = "session_open";
    public static final String SESSION_CLOSE = "session_close";
    /** A page of a user's stored messages. */
    public static final String OFFLINE_FETCH = "offline_fetch";
    /** Stored messages were written to a socket: remove them (by id). */
    public static final String OFFLINE_ACK = "offline_ack";
    /** Which of some users are online. */
    public static final BusAction<UserIds, UserIds> PRESENCE =
        new BusAction<>(Addresses.MESSAGE, "presence", UserIds::fromJson, UserIds::fromJson);
    /** Deliver an event to users (live where online, nothing stored otherwise). */
    public static final BusAction<Notify, Empty> NOTIFY =
        new BusAction<>(Addresses.MESSAGE, "notify", Notify::fromJson, Empty::fromJson);
    /** A node had no session left for some users of a delivery: store their copies. */
    public static final String UNDELIVERED = "undelivered";
    /**
     * A node registers its sessions again (its heartbeat had lapsed while Redis was out of
     * reach, so they may have been taken for dead).
     */
    public static final String SESSIONS_RESTORE = "sessions_restore";
    /** A gateway node is alive (its presence entries stay); answers whether it must restore them. */
    public static final String NODE_HEARTBEAT = "node_heartbeat";
    /**
     * A gateway node starts: sessions still registered under its id are from an earlier run
     * that ended without closing them (a crash), and go.
     */
    public static final String NODE_STARTED = "node_started";

    private Message() {
    }
  }

  /** {@link Addresses#node(String)}. */
  public static final class Node {
    public static final String DELIVER = "deliver";
    /** Several one-way deliveries in one bus message, handled in their order. */
    public static final String DELIVER_BATCH = "deliver_batch";
    /** Messages were stored for users who have sessions on the node: replay them. */
    public static final String REPLAY_STORED = "replay_stored";

    private Node() {
    }
  }
}
