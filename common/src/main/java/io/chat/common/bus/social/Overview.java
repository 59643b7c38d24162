package io.chat.common.bus.social;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.chat.common.model.GroupEntry;
import io.chat.common.model.UserRef;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A user's friends (without online flags, which presence adds) and groups, for the login reply. */
public record Overview(List<UserRef> friends, List<GroupEntry> groups) implements BusMessage {

  private static final String FRIENDS = "friends";
  private static final String GROUPS = "groups";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(FRIENDS, Lists.toJson(friends, UserRef::toJson))
        .put(GROUPS, Lists.toJson(groups, GroupEntry::toJson));
  }

  public static Overview fromJson(JsonObject json) {
    return new Overview(Lists.fromJson(json.getJsonArray(FRIENDS), UserRef::fromJson),
        Lists.fromJson(json.getJsonArray(GROUPS), GroupEntry::fromJson));
  }
}
