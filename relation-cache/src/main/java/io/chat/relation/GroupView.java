package io.chat.relation;

import java.util.Set;

/** A group as the message path needs it: its name and its members' ids. */
public record GroupView(int id, String name, Set<Integer> members) {
}
