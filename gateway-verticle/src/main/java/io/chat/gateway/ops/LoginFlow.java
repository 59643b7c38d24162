package io.chat.gateway.ops;

import io.chat.common.bus.Actions;
import io.chat.common.bus.Lists;
import io.chat.common.bus.ServiceClient;
import io.chat.common.bus.auth.LoginReply;
import io.chat.common.bus.auth.LoginRequest;
import io.chat.common.bus.message.Opened;
import io.chat.common.bus.message.SessionOpen;
import io.chat.common.bus.social.OfUser;
import io.chat.common.bus.social.Overview;
import io.chat.common.model.Caller;
import io.chat.common.model.Friend;
import io.chat.common.model.GroupEntry;
import io.chat.common.model.UserRef;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.gateway.connection.Connection;
import io.chat.gateway.protocol.Fields;
import io.chat.gateway.protocol.Request;
import io.chat.gateway.session.Session;
import io.chat.gateway.session.SessionManager;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A login: check the credentials (auth), open the session (this node's registry, then the
 * presence registry, which also reads where the user stands in the log), answer with the user's
 * friends and groups, then replay what the user has not received. Live events for the new
 * session are held until the replay is over, so the stored messages come first, right after the
 * reply. The connection takes no other request until then.
 */
public final class LoginFlow {

  private static final Future<Void> DONE = Future.succeededFuture();

  private final ServiceClient services;
  private final SessionManager sessions;
  private final int replayPage;

  /** @param replayPage how many stored messages a login reads from the log at a time */
  public LoginFlow(ServiceClient services, SessionManager sessions, int replayPage) {
    this.services = services;
    this.sessions = sessions;
    this.replayPage = replayPage;
  }

  Future<Void> run(Connection connection, Request request) {
    if (connection.session() != null) {
      return fail(connection, request, new ChatException(ErrorCode.ALREADY_LOGGED_IN,
          "this connection is already logged in; log out first"));
    }
    LoginRequest credentials;
    boolean acknowledging;
    try {
      credentials = request.fields().has("token")
          ? LoginRequest.withToken(Fields.string(request.fields(), "token"), connection.remoteAddress())
          : LoginRequest.withPassword(Fields.namedUser(request.fields()), Fields.string(request.fields(), "password"),
              connection.remoteAddress());
      acknowledging = Fields.flag(request.fields(), "ack");
    } catch (ChatException invalid) {
      return fail(connection, request, invalid);
    }
    return services.request(Actions.Auth.LOGIN, credentials)
        .compose(reply -> connection.isOpen()
            ? openSession(connection, reply, acknowledging)
            : Future.succeededFuture(null))
        .transform(opened -> {
          if (opened.failed()) {
            return fail(connection, request, ServiceClient.asChatException(opened.cause()));
          }
          Login login = opened.result();
          if (login == null) {
            return DONE;
          }
          connection.replyOk(request.op(), request.ref(), login.reply());
          return login.session().feed().replay(login.opened().positions(), replayPage);
        });
  }

  /**
   * The session is open on this node before the presence registry hears of it, so no live event
   * for it is missed; the cursors this node holds for the user are written first, so what the
   * user's other sessions here have shown is not replayed.
   */
  private Future<Login> openSession(Connection connection, LoginReply login, boolean acknowledging) {
    UserRef user = login.user();
    Session session = connection.openSession(new Caller(user.id(), user.name()), acknowledging, login.tokenId());
    return services.request(Actions.Social.OVERVIEW, new OfUser(user.id()))
        .compose(overview -> sessions.cursors().flush(user.id()).otherwiseEmpty()
            .compose(flushed -> services.request(Actions.Message.SESSION_OPEN, new SessionOpen(session.caller(),
                sessions.nodeId(), session.id(), overview.friends().stream().map(UserRef::id).toList())))
            .map(opened -> new Login(session, opened, reply(user, overview, opened).put("token", login.token()))))
        .recover(failure -> connection.closeSession().transform(closed -> Future.failedFuture(failure)));
  }

  private static JsonObject reply(UserRef user, Overview overview, Opened opened) {
    Set<Integer> online = new HashSet<>(opened.onlineFriends());
    List<Friend> friends = overview.friends().stream().map(friend -> new Friend(friend, online.contains(friend.id())))
        .toList();
    return new JsonObject()
        .put("user", user.toJson())
        .put("friends", Lists.toJson(friends, Friend::toJson))
        .put("groups", Lists.toJson(overview.groups(), GroupEntry::toJson))
        .put("offline", opened.offline());
  }

  private static Future<Void> fail(Connection connection, Request request, ChatException error) {
    connection.replyError(request.op(), request.ref(), error);
    return DONE;
  }

  private record Login(Session session, Opened opened, JsonObject reply) {
  }
}
