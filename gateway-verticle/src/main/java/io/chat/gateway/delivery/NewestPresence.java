package io.chat.gateway.delivery;

import io.chat.common.bus.node.Delivery;
import io.chat.common.bus.node.PresenceTag;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The newest presence change this node has handed out, per user. The presence events of one
 * user can come from the message services of two nodes (the last logout on one, a login on
 * another) and arrive the other way round; one older than what was already handed out is
 * dropped, so friends end with the user's latest state. Only the users whose presence changed
 * most recently are remembered: an event later than that many other changes is past any race.
 * Used from one context.
 */
final class NewestPresence {

  private static final int REMEMBERED_USERS = 100_000;

  private final Map<Integer, Long> versions = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Integer, Long> eldest) {
      return size() > REMEMBERED_USERS;
    }
  };

  /** True for a delivery of a presence event older than one already handed out for its user. */
  boolean isStale(Delivery delivery) {
    PresenceTag tag = delivery.presence();
    if (tag == null) {
      return false;
    }
    int user = tag.user();
    long version = tag.version();
    Long newest = versions.get(user);
    if (newest != null && newest >= version) {
      return true;
    }
    versions.put(user, version);
    return false;
  }
}
