package io.chat.common.bus.message;

import io.chat.common.bus.BusMessage;
import io.chat.common.bus.Lists;
import io.chat.common.model.Caller;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A gateway opened a session: register it in presence and read where its user stands in the log. */
public record SessionOpen(Caller caller, String node, String session, List<Integer> friends) implements BusMessage {

  private static final String NODE = "node";
  private static final String SESSION = "session";
  private static final String FRIENDS = "friends";

  @Override
  public JsonObject toJson() {
    return caller.into(new JsonObject()).put(NODE, node).put(SESSION, session).put(FRIENDS, Lists.ids(friends));
  }

  public static SessionOpen fromJson(JsonObject json) {
    return new SessionOpen(Caller.fromJson(json), json.getString(NODE), json.getString(SESSION),
        Lists.ids(json.getJsonArray(FRIENDS)));
  }
}
