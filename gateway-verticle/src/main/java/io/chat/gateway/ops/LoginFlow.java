package io.chat.gateway.ops;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusFields;
import io.chat.common.bus.ServiceClient;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.gateway.Gateway;
import io.chat.gateway.protocol.Fields;
import io.chat.gateway.protocol.Request;
import io.chat.gateway.session.Connection;
import io.chat.gateway.session.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A login: check the credentials (auth), open the session (registry, presence), answer with
 * the user's friends and groups, then replay the stored messages. Live events for the new
 * session are held until the replay is over, so the stored messages come first, right after
 * the reply. The connection takes no other request until then.
 */
final class LoginFlow {

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
          connection.replyOk(request.op(), request.ref(), login.reply());
          return connection.replayStoredThenGoLive(login.storedUpTo());
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
            return new Login(reply, opened.getLong("upTo"));
          });
        })
        .recover(failure -> connection.closeSession().transform(closed -> Future.failedFuture(failure)));
  }

  private Future<Void> fail(Connection connection, Request request, ChatException error) {
    connection.replyError(request.op(), request.ref(), error);
    return DONE;
  }

  private record Login(JsonObject reply, long storedUpTo) {
  }
}
