package io.chat.gateway.ops;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusFields;
import io.chat.common.bus.Lists;
import io.chat.common.bus.auth.LoginRequest;
import io.chat.common.bus.social.OfUser;
import io.chat.common.model.Friend;
import io.chat.common.model.GroupEntry;
import io.chat.common.model.UserRef;
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
import java.util.List;

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
    LoginRequest credentials;
    try {
      credentials = new LoginRequest(Fields.namedUser(request.fields()), Fields.string(request.fields(), "password"));
    } catch (ChatException invalid) {
      return fail(connection, request, invalid);
    }
    return services.request(Actions.Auth.LOGIN, credentials)
        .compose(reply -> connection.isClosed()
            ? Future.succeededFuture(null)
            : openSession(connection, reply.user()))
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

  private Future<Login> openSession(Connection connection, UserRef user) {
    Session session = connection.openSession(user.id(), user.name());
    return services.request(Actions.Social.OVERVIEW, new OfUser(user.id()))
        .compose(overview -> {
          JsonArray friendIds = new JsonArray(overview.friends().stream().map(UserRef::id).toList());
          JsonObject open = session.caller().into(new JsonObject())
              .put(BusFields.NODE, gateway.nodeId())
              .put(BusFields.SESSION, session.id())
              .put(BusFields.USERS, friendIds);
          return services.request(Addresses.MESSAGE, Actions.Message.SESSION_OPEN, open).map(opened -> {
            JsonArray online = opened.getJsonArray(BusFields.USERS);
            List<Friend> friends = overview.friends().stream()
                .map(friend -> new Friend(friend, online.contains(friend.id()))).toList();
            JsonObject reply = new JsonObject()
                .put("user", user.toJson())
                .put("friends", Lists.toJson(friends, Friend::toJson))
                .put("groups", Lists.toJson(overview.groups(), GroupEntry::toJson))
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
