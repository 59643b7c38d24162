package io.chat.social.store;

/** A member of a group with its role ({@code creator} or {@code normal}). */
public record Member(UserRef user, String role) {

  public static final String CREATOR = "creator";
  public static final String NORMAL = "normal";
}
