package io.chat.common.protocol;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** The operations of the wire protocol, and whether each needs a logged-in connection. */
public enum Op {
  PING(false),
  HELP(false),
  REGISTER(false),
  LOGIN(false),
  LOGOUT(true),
  FRIENDS(true),
  FRIEND_ADD(true),
  FRIEND_REMOVE(true),
  SEND(true),
  GROUPS(true),
  GROUP_CREATE(true),
  GROUP_JOIN(true),
  GROUP_LEAVE(true),
  GROUP_DELETE(true),
  GROUP_MEMBERS(true),
  GROUP_SEND(true),
  HISTORY(true),
  CONVERSATIONS(true),
  ACK(true),
  PUSH_REGISTER(true),
  PUSH_UNREGISTER(true),
  PUSH_DEVICES(true);

  private static final Map<String, Op> BY_WIRE_NAME = new HashMap<>();
  private static final List<String> WIRE_NAMES =
      Collections.unmodifiableList(Stream.of(values()).map(Op::wireName).toList());

  static {
    for (Op op : values()) {
      BY_WIRE_NAME.put(op.wireName, op);
    }
  }

  private final boolean needsLogin;
  private final String wireName;

  Op(boolean needsLogin) {
    this.needsLogin = needsLogin;
    this.wireName = name().toLowerCase(Locale.ROOT);
  }

  public boolean needsLogin() {
    return needsLogin;
  }

  public String wireName() {
    return wireName;
  }

  /** The op with this wire name, or null. */
  public static Op ofWireName(String name) {
    return BY_WIRE_NAME.get(name);
  }

  /** Every op name, in the order of the protocol's table (the {@code help} reply). */
  public static List<String> wireNames() {
    return WIRE_NAMES;
  }
}
