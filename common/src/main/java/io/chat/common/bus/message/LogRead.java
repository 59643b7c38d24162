package io.chat.common.bus.message;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A page of the log for a session: the messages of these ranges, oldest first across them (by
 * ts, then conversation, then seq), at most {@code limit}. With {@code othersOnly}, the user's
 * own messages are left out (a login's replay). Only conversations the user may read count, and
 * in a group only what was sent since the user joined.
 */
public record LogRead(int user, List<ConvRange> ranges, boolean othersOnly, int limit) implements BusMessage {

  private static final String UID = "uid";
  private static final String RANGES = "ranges";
  private static final String OTHERS_ONLY = "others_only";
  private static final String LIMIT = "limit";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(UID, user).put(RANGES, Lists.toJson(ranges, ConvRange::toJson))
        .put(OTHERS_ONLY, othersOnly).put(LIMIT, limit);
  }

  public static LogRead fromJson(JsonObject json) {
    return new LogRead(json.getInteger(UID), Lists.fromJson(json.getJsonArray(RANGES), ConvRange::fromJson),
        json.getBoolean(OTHERS_ONLY), json.getInteger(LIMIT));
  }
}
