package io.chat.social.store;

/** A group seen from one member: the group and that member's role. */
public record GroupMembership(GroupRef group, String role) {
}
