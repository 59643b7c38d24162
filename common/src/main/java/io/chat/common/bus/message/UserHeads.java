package io.chat.common.bus.message;

import io.chat.common.bus.Lists;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The heads of one user's conversations. */
public record UserHeads(int user, List<ConvHead> heads) {

  private static final String UID = "uid";
  private static final String HEADS = "heads";

  public JsonObject toJson() {
    return new JsonObject().put(UID, user).put(HEADS, Lists.toJson(heads, ConvHead::toJson));
  }

  public static UserHeads fromJson(JsonObject json) {
    return new UserHeads(json.getInteger(UID), Lists.fromJson(json.getJsonArray(HEADS), ConvHead::fromJson));
  }
}
