package io.chat.common.bus.message;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Cursors a gateway collected for a while, written in one statement. */
public record CursorMoves(List<CursorMove> moves) implements BusMessage {

  private static final String MOVES = "moves";

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(MOVES, Lists.toJson(moves, CursorMove::toJson));
  }

  public static CursorMoves fromJson(JsonObject json) {
    return new CursorMoves(Lists.fromJson(json.getJsonArray(MOVES), CursorMove::fromJson));
  }
}
