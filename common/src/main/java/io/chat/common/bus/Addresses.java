package io.chat.common.bus;

/** Event-bus addresses. Each service registers one consumer per address. */
public final class Addresses {

  /** Header that names the action a service request asks for. */
  public static final String ACTION_HEADER = "action";

  public static final String AUTH = "chat.auth";
  public static final String SOCIAL = "chat.social";
  public static final String MESSAGE = "chat.message";
  /** Devices and notifications for users without a live session; served where the message service runs. */
  public static final String PUSH = "chat.push";

  /** Published by the social service after every change of a friendship or a membership. */
  public static final String SOCIAL_CHANGES = "chat.social.changes";

  /** Published by a message service when a user's sessions changed (body: the user ids). */
  public static final String PRESENCE_CHANGES = "chat.presence.changes";

  /**
   * Published on the local event bus only, by the cluster wiring of a node, when another node
   * left the cluster (body: its node id under {@code node}).
   */
  public static final String NODE_LEFT = "chat.cluster.node-left";

  /**
   * Published on the local event bus only, by the cluster wiring of a node, when a node joined
   * the cluster, or came back to it after a split (body: its node id under {@code node}).
   */
  public static final String NODE_JOINED = "chat.cluster.node-joined";

  private static final String NODE_PREFIX = "chat.node.";

  private Addresses() {
  }

  /** Where a node's gateway takes deliveries for the sessions it holds. */
  public static String node(String nodeId) {
    return NODE_PREFIX + nodeId;
  }
}
