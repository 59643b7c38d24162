package io.chat.gateway.session;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusFields;
import io.chat.common.bus.ServiceClient;
import io.chat.gateway.protocol.Frames;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Writes a user's stored messages to a session's socket, a page at a time, and has each page
 * removed from the store once it is written (by id: only what was written goes). A connection
 * lost on the way, or a session logged out meanwhile, keeps the rest stored. Completes with the
 * id of the last message written.
 */
final class StoredReplay {

  private final ServiceClient services;
  private final int pageSize;

  StoredReplay(ServiceClient services, int pageSize) {
    this.services = services;
    this.pageSize = pageSize;
  }

  /** Replays the stored messages with ids in (after, upTo]. */
  Future<Long> replay(Connection connection, Session session, long after, long upTo) {
    if (after >= upTo || connection.session() != session || connection.isClosed()) {
      return Future.succeededFuture(after);
    }
    JsonObject fetch = new JsonObject()
        .put(BusFields.UID, session.userId())
        .put("after", after)
        .put("upTo", upTo)
        .put("limit", pageSize);
    return services.request(Addresses.MESSAGE, Actions.Message.OFFLINE_FETCH, fetch).compose(page -> {
      JsonArray messages = page.getJsonArray("messages");
      // The session may have logged out (and another user logged in) while the page was read.
      if (messages.isEmpty() || connection.session() != session || connection.isClosed()) {
        return Future.succeededFuture(after);
      }
      Future<Void> written = Future.succeededFuture();
      JsonArray ids = new JsonArray();
      long last = after;
      for (Object message : messages) {
        JsonObject stored = (JsonObject) message;
        written = connection.write(Frames.line(stored.getString(BusFields.EVENT)));
        last = stored.getLong("id");
        ids.add(last);
      }
      long lastId = last;
      return written
          .compose(v -> services.request(Addresses.MESSAGE, Actions.Message.OFFLINE_ACK,
              new JsonObject().put(BusFields.UID, session.userId()).put(BusFields.IDS, ids)))
          .compose(v -> replay(connection, session, lastId, upTo));
    });
  }
}
