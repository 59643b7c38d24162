package io.chat.common.model;

import io.vertx.core.json.JsonObject;

/** A group as events name it: {@code {id, name}}. */
public record GroupRef(int id, String name) {

  private static final String ID = "id";
  private static final String NAME = "name";

  public JsonObject toJson() {
    return new JsonObject().put(ID, id).put(NAME, name);
  }

  public static GroupRef fromJson(JsonObject json) {
    return new GroupRef(json.getInteger(ID), json.getString(NAME));
  }
}
