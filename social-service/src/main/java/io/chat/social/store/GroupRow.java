package io.chat.social.store;

import io.chat.common.model.GroupEntry;
import io.chat.common.model.GroupRef;
import io.chat.common.model.GroupRole;

/** A group's row in {@code allgroup}. */
public record GroupRow(int id, String name, String desc) {

  /** {id, name}, as events carry it. */
  public GroupRef ref() {
    return new GroupRef(id, name);
  }

  /** The group as a member with this role sees it. */
  public GroupEntry as(GroupRole role) {
    return new GroupEntry(ref(), desc, role);
  }
}
