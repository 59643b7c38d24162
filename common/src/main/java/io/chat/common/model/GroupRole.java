package io.chat.common.model;

import java.util.Locale;

/** A member's role in a group, spelled on the wire and in {@code groupuser.grouprole} as lower case. */
public enum GroupRole {
  CREATOR,
  NORMAL;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  public String wireName() {
    return wireName;
  }

  public static GroupRole ofWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
