package io.chat.common.bus;

/** The actions each service address understands, sent in the {@code action} header. */
public final class Actions {

  private Actions() {
  }

  /** {@link Addresses#AUTH}. */
  public static final class Auth {
    public static final String REGISTER = "register";
    public static final String LOGIN = "login";

    private Auth() {
    }
  }

  /** {@link Addresses#SOCIAL}. */
  public static final class Social {
    public static final String OVERVIEW = "overview";
    public static final String FRIENDS = "friends";
    public static final String FRIEND_ADD = "friend_add";
    public static final String FRIEND_REMOVE = "friend_remove";
    public static final String GROUPS = "groups";
    public static final String GROUP_CREATE = "group_create";
    public static final String GROUP_JOIN = "group_join";
    public static final String GROUP_LEAVE = "group_leave";
    public static final String GROUP_DELETE = "group_delete";
    public static final String GROUP_MEMBERS = "group_members";
    /** The ids of a user's friends (relation cache fill). */
    public static final String FRIEND_IDS = "friend_ids";
    /** A group's id, name and member ids (relation cache fill). */
    public static final String GROUP_INFO = "group_info";
    /** A user's id and name, named by {@code id} or {@code name}. */
    public static final String USER = "user";

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
    public static final String PRESENCE = "presence";
    /** Deliver an event to users (live where online, nothing stored otherwise). */
    public static final String NOTIFY = "notify";
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
