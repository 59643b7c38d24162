package io.chat.gateway.ops;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusFields;
import io.chat.common.bus.ServiceClient;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.gateway.Gateway;
import io.chat.gateway.protocol.Fields;
import io.chat.gateway.protocol.Frames;
import io.chat.gateway.protocol.Request;
import io.chat.gateway.session.Connection;
import io.chat.gateway.session.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A login: check the credentials (auth), open the session (registry, presence), answer with
 * the user's friends and groups, then replay the stored messages page by page, removing each
 * page once it is written to the socket. Live events for the new session are held until the
 * replay is over, so the stored messages come first, right after the reply. The connection
 * takes no other request until then.
 */
final class LoginFlow {

  private static final Logger LOG = LoggerFactory.getLogger(LoginFlow.class);
  private static final Future<Void> DONE = Future.succeededFuture();

  private final Gateway gateway;
  private final ServiceClient services;

  LoginFlow(Gateway gateway) {
    this.gateway = gateway;
    this.services = gateway.services();
  }

  Future<Void> run(Connection connection, Request request) {
    if (connection.session() != null) {
      return fail(connection, request, new ChatException(ErrorCode.ALREADY_LOGGED_IN,
          "this connection is already logged in; log out first"));
    }
    JsonObject credentials;
    try {
      credentials = Fields.namedUser(request.fields(), new JsonObject())
          .put("password", Fields.string(request.fields(), "password"));
    } catch (ChatException invalid) {
      return fail(connection, request, invalid);
    }
    return services.request(Addresses.AUTH, Actions.Auth.LOGIN, credentials)
        .compose(reply -> connection.isClosed()
            ? Future.succeededFuture(null)
            : openSession(connection, reply.getJsonObject("user")))
        .transform(opened -> {
          if (opened.failed()) {
            return fail(connection, request, ServiceClient.asChatException(opened.cause()));
          }
          Login login = opened.result();
          if (login == null) {
            return DONE;
          }
          connection.write(Frames.ok(request.op(), request.ref(), login.reply()));
          return replay(connection, login.session(), 0, login.storedUpTo())
              .onFailure(e -> LOG.warn("stored messages of user {} not replayed: {}",
                  login.session().userId(), e.getMessage()))
              .otherwiseEmpty()
              .andThen(done -> connection.activate());
        });
  }

  private Future<Login> openSession(Connection connection, JsonObject user) {
    int uid = user.getInteger("id");
    String name = user.getString("name");
    Session session = connection.openSession(uid, name);
    return services.request(Addresses.SOCIAL, Actions.Social.OVERVIEW, new JsonObject().put(BusFields.UID, uid))
        .compose(overview -> {
          JsonArray friends = overview.getJsonArray("friends");
          JsonArray friendIds = new JsonArray();
          friends.forEach(friend -> friendIds.add(((JsonObject) friend).getInteger("id")));
          JsonObject open = new JsonObject()
              .put(BusFields.UID, uid)
              .put(BusFields.UNAME, name)
              .put(BusFields.NODE, gateway.nodeId())
              .put(BusFields.SESSION, session.id())
              .put(BusFields.USERS, friendIds);
          return services.request(Addresses.MESSAGE, Actions.Message.SESSION_OPEN, open).map(opened -> {
            JsonArray online = opened.getJsonArray(BusFields.USERS);
            friends.forEach(friend -> {
              JsonObject entry = (JsonObject) friend;
              entry.put("online", online.contains(entry.getInteger("id")));
            });
            JsonObject reply = new JsonObject()
                .put("user", user)
                .put("friends", friends)
                .put("groups", overview.getJsonArray("groups"))
                .put("offline", opened.getLong("offline"));
            return new Login(session, reply, opened.getLong("upTo"));
          });
        })
        .recover(failure -> connection.closeSession().transform(closed -> Future.failedFuture(failure)));
  }

  /** Writes the stored messages with ids in (after, upTo], a page at a time. */
  private Future<Void> replay(Connection connection, Session session, long after, long upTo) {
    if (after >= upTo || connection.session() != session) {
      return DONE;
    }
    JsonObject fetch = new JsonObject()
        .put(BusFields.UID, session.userId())
        .put("after", after)
        .put("upTo", upTo)
        .put("limit", gateway.config().offlineBatch());
    return services.request(Addresses.MESSAGE, Actions.Message.OFFLINE_FETCH, fetch).compose(page -> {
      JsonArray messages = page.getJsonArray("messages");
      if (messages.isEmpty()) {
        return DONE;
      }
      Future<Void> written = DONE;
      long last = after;
      for (Object message : messages) {
        JsonObject stored = (JsonObject) message;
        written = connection.write(Frames.line(stored.getString(BusFields.EVENT)));
        last = stored.getLong("id");
      }
      long lastId = last;
      // Removed only once written to the socket: a connection lost before that keeps them stored.
      return written
          .compose(v -> services.request(Addresses.MESSAGE, Actions.Message.OFFLINE_ACK,
              new JsonObject().put(BusFields.UID, session.userId()).put("upTo", lastId)))
          .compose(v -> replay(connection, session, lastId, upTo));
    });
  }

  private static Future<Void> fail(Connection connection, Request request, ChatException error) {
    connection.write(Frames.error(request.op(), request.ref(), error));
    return DONE;
  }

  private record Login(Session session, JsonObject reply, long storedUpTo) {
  }
}
