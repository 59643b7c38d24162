package io.chat.common.bus;

import io.chat.common.bus.auth.LoginReply;
import io.chat.common.bus.auth.LoginRequest;
import io.chat.common.bus.message.AckCheck;
import io.chat.common.bus.message.ConversationList;
import io.chat.common.bus.message.CursorMoves;
import io.chat.common.bus.message.GroupSendRequest;
import io.chat.common.bus.message.HeadsRequest;
import io.chat.common.bus.message.Heads;
import io.chat.common.bus.message.HeartbeatReply;
import io.chat.common.bus.message.HistoryPage;
import io.chat.common.bus.message.HistoryRequest;
import io.chat.common.bus.message.LogPage;
import io.chat.common.bus.message.LogRead;
import io.chat.common.bus.message.NodeRef;
import io.chat.common.bus.message.Notify;
import io.chat.common.bus.message.Opened;
import io.chat.common.bus.message.SendRequest;
import io.chat.common.bus.message.Sent;
import io.chat.common.bus.message.SessionOpen;
import io.chat.common.bus.message.SessionRef;
import io.chat.common.bus.message.SessionsRestore;
import io.chat.common.bus.push.DeviceList;
import io.chat.common.bus.push.DeviceRequest;
import io.chat.common.bus.push.StoredMessage;
import io.chat.common.bus.node.Deliveries;
import io.chat.common.bus.node.Delivery;
import io.chat.common.bus.auth.RegisterRequest;
import io.chat.common.bus.auth.TokenRef;
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
    public static final BusAction<LoginRequest, LoginReply> LOGIN =
        new BusAction<>(Addresses.AUTH, "login", LoginRequest::fromJson, LoginReply::fromJson);
    /** A session logged out: its token logs nobody in any more. */
    public static final BusAction<TokenRef, Empty> REVOKE =
        new BusAction<>(Addresses.AUTH, "revoke", TokenRef::fromJson, Empty::fromJson);

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
    public static final BusAction<SendRequest, Sent> SEND =
        new BusAction<>(Addresses.MESSAGE, "send", SendRequest::fromJson, Sent::fromJson);
    public static final BusAction<GroupSendRequest, Sent> GROUP_SEND =
        new BusAction<>(Addresses.MESSAGE, "group_send", GroupSendRequest::fromJson, Sent::fromJson);
    /** A gateway opened a session: register it, and read where its user stands in the log. */
    public static final BusAction<SessionOpen, Opened> SESSION_OPEN =
        new BusAction<>(Addresses.MESSAGE, "session_open", SessionOpen::fromJson, Opened::fromJson);
    public static final BusAction<SessionRef, Empty> SESSION_CLOSE =
        new BusAction<>(Addresses.MESSAGE, "session_close", SessionRef::fromJson, Empty::fromJson);
    /** A page of the log for a session: a login's replay, or a gap it found. */
    public static final BusAction<LogRead, LogPage> LOG_READ =
        new BusAction<>(Addresses.MESSAGE, "log_read", LogRead::fromJson, LogPage::fromJson);
    public static final BusAction<HistoryRequest, HistoryPage> HISTORY =
        new BusAction<>(Addresses.MESSAGE, "history", HistoryRequest::fromJson, HistoryPage::fromJson);
    public static final BusAction<OfUser, ConversationList> CONVERSATIONS =
        new BusAction<>(Addresses.MESSAGE, "conversations", OfUser::fromJson, ConversationList::fromJson);
    /** May the user acknowledge a conversation up to a seq (the gateway then moves the cursor)? */
    public static final BusAction<AckCheck, Empty> ACK_CHECK =
        new BusAction<>(Addresses.MESSAGE, "ack_check", AckCheck::fromJson, Empty::fromJson);
    /** Cursors a gateway gathered: written in one statement. */
    public static final BusAction<CursorMoves, Empty> CURSORS =
        new BusAction<>(Addresses.MESSAGE, "cursors", CursorMoves::fromJson, Empty::fromJson);
    /** The last seq of every conversation of some users (a session checking it missed none). */
    public static final BusAction<HeadsRequest, Heads> HEADS =
        new BusAction<>(Addresses.MESSAGE, "heads", HeadsRequest::fromJson, Heads::fromJson);
    /** Which of some users are online. */
    public static final BusAction<UserIds, UserIds> PRESENCE =
        new BusAction<>(Addresses.MESSAGE, "presence", UserIds::fromJson, UserIds::fromJson);
    /** Deliver an event to users (live where online, nothing stored otherwise). */
    public static final BusAction<Notify, Empty> NOTIFY =
        new BusAction<>(Addresses.MESSAGE, "notify", Notify::fromJson, Empty::fromJson);
    /**
     * A node registers its sessions again (its heartbeat had lapsed while Redis was out of
     * reach, so they may have been taken for dead).
     */
    public static final BusAction<SessionsRestore, Empty> SESSIONS_RESTORE =
        new BusAction<>(Addresses.MESSAGE, "sessions_restore", SessionsRestore::fromJson, Empty::fromJson);
    /** A gateway node is alive (its presence entries stay); answers whether it must restore them. */
    public static final BusAction<NodeRef, HeartbeatReply> NODE_HEARTBEAT =
        new BusAction<>(Addresses.MESSAGE, "node_heartbeat", NodeRef::fromJson, HeartbeatReply::fromJson);
    /**
     * A gateway node starts: sessions still registered under its id are from an earlier run
     * that ended without closing them (a crash), and go.
     */
    public static final BusAction<NodeRef, Empty> NODE_STARTED =
        new BusAction<>(Addresses.MESSAGE, "node_started", NodeRef::fromJson, Empty::fromJson);

    private Message() {
    }
  }

  /** {@link Addresses#PUSH}. */
  public static final class Push {
    /** The caller's device gets notifications from now on (again is no error). */
    public static final BusAction<DeviceRequest, Empty> REGISTER =
        new BusAction<>(Addresses.PUSH, "register", DeviceRequest::fromJson, Empty::fromJson);
    /** The caller's device gets no more notifications (one never registered is no error either). */
    public static final BusAction<DeviceRequest, Empty> UNREGISTER =
        new BusAction<>(Addresses.PUSH, "unregister", DeviceRequest::fromJson, Empty::fromJson);
    public static final BusAction<OfUser, DeviceList> DEVICES =
        new BusAction<>(Addresses.PUSH, "devices", OfUser::fromJson, DeviceList::fromJson);
    /**
     * One-way, from the message service: a committed message waits in the log for users with no
     * live session; their devices are notified. Nobody waits for it.
     */
    public static final BusAction<StoredMessage, Empty> STORED =
        new BusAction<>(Addresses.PUSH, "stored", StoredMessage::fromJson, Empty::fromJson);

    private Push() {
    }
  }

  /** A node's delivery address ({@link Addresses#node(String)}); {@link BusAction#at} names the node. */
  public static final class Node {
    public static final BusAction<Delivery, Empty> DELIVER =
        new BusAction<>(null, "deliver", Delivery::fromJson, Empty::fromJson);
    /** Several one-way deliveries in one bus message, handled in their order. */
    public static final BusAction<Deliveries, Empty> DELIVER_BATCH =
        new BusAction<>(null, "deliver_batch", Deliveries::fromJson, Empty::fromJson);
    /** Write the cursor moves this node holds for a user now (another session of theirs is logging in). */
    public static final BusAction<OfUser, Empty> FLUSH_CURSORS =
        new BusAction<>(null, "flush_cursors", OfUser::fromJson, Empty::fromJson);

    private Node() {
    }
  }
}
