package io.chat.social.cache;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the social service publishes on {@code chat.social.changes} after a change commits:
 * the users whose friendships changed, or the group whose members changed.
 */
public final class RelationChange {

  static final String FRIENDS = "friends";
  static final String GROUP = "group";
  static final String GROUP_NAME = "name";

  private RelationChange() {
  }

  public static JsonObject friendship(int a, int b) {
    return new JsonObject().put(FRIENDS, new JsonArray().add(a).add(b));
  }

  public static JsonObject group(int id, String name) {
    return new JsonObject().put(GROUP, id).put(GROUP_NAME, name);
  }
}
