package io.chat.common.bus;

/**
 * Field names of request bodies on the event bus that are not protocol fields. Requests from
 * a gateway name the logged-in user by {@link #UID}, taken from its session and never from
 * the client.
 */
public final class BusFields {

  /** The id of the user the gateway's session belongs to. */
  public static final String UID = "uid";
  /** That user's name (carried so messages need no lookup to say who sent them). */
  public static final String UNAME = "uname";
  /** A node id. */
  public static final String NODE = "node";
  /** A session id, unique in the cluster. */
  public static final String SESSION = "session";
  /** A list of sessions: {uid, uname, session}. */
  public static final String SESSIONS = "sessions";
  /** In a heartbeat's answer: the node must register its sessions again. */
  public static final String RESTORE = "restore";
  /** A list of user ids. */
  public static final String USERS = "users";
  /** An event, as the JSON text a client receives. */
  public static final String EVENT = "event";
  /** Several events, as JSON texts (a connection handing back what it could not write). */
  public static final String EVENTS = "events";
  /** Whether copies a node cannot deliver are to be stored (messages) or dropped (other events). */
  public static final String STORE = "store";
  /** When the route layer accepted a message (its ts), for the delivery-latency histogram. */
  public static final String SENT = "sent";
  /** Whether the sender of a delivery waits for an answer naming the users it missed. */
  public static final String CONFIRM = "confirm";
  /** In a delivery of a presence event: the user whose presence it reports. */
  public static final String PRESENCE_OF = "presence_of";
  /**
   * In a delivery of a presence event: the version of the presence change it reports; a node
   * writes no presence event of a user older than one it already wrote.
   */
  public static final String PRESENCE_VERSION = "presence_version";
  /** A list of deliveries ({users, event, store, sent}) for one node. */
  public static final String DELIVERIES = "deliveries";
  /** Ids of stored messages (the ones a session wrote, to remove). */
  public static final String IDS = "ids";

  private BusFields() {
  }
}
