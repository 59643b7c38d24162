package io.chat.common.bus.message;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A session is registered: which of the friends are online, and the user's position in every
 * conversation it can read, read in one consistent snapshot of the log after the registration.
 */
public record Opened(List<Integer> onlineFriends, List<ConvPosition> positions) implements BusMessage {

  private static final String ONLINE = "online";
  private static final String POSITIONS = "positions";

  /** How many stored messages the login replays. */
  public long offline() {
    return positions.stream().mapToLong(ConvPosition::unread).sum();
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(ONLINE, Lists.ids(onlineFriends))
        .put(POSITIONS, Lists.toJson(positions, ConvPosition::toJson));
  }

  public static Opened fromJson(JsonObject json) {
    return new Opened(Lists.ids(json.getJsonArray(ONLINE)),
        Lists.fromJson(json.getJsonArray(POSITIONS), ConvPosition::fromJson));
  }
}
