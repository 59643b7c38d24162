package io.chat.common.bus.social;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.chat.common.model.GroupRef;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Published on {@code chat.social.changes} after a change commits: the users whose friendships
 * changed, or the group whose members changed (one of the two is set).
 */
public record RelationChange(List<Integer> friends, GroupRef group) implements BusMessage {

  private static final String FRIENDS = "friends";
  private static final String GROUP = "group";

  public static RelationChange friendship(int a, int b) {
    return new RelationChange(List.of(a, b), null);
  }

  public static RelationChange group(GroupRef group) {
    return new RelationChange(List.of(), group);
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(FRIENDS, Lists.ids(friends));
    return group == null ? json : json.put(GROUP, group.toJson());
  }

  public static RelationChange fromJson(JsonObject json) {
    JsonObject group = json.getJsonObject(GROUP);
    return new RelationChange(Lists.ids(json.getJsonArray(FRIENDS)), group == null ? null : GroupRef.fromJson(group));
  }
}
