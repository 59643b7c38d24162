package io.chat.gateway.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusAction;
import io.chat.common.bus.BusMessage;
import io.chat.common.bus.auth.RegisterRequest;
import io.chat.common.bus.social.GroupAction;
import io.chat.common.bus.social.GroupCreate;
import io.chat.common.bus.social.OfUser;
import io.chat.common.bus.social.UserAction;
import io.chat.common.model.Caller;
import io.chat.common.model.Named;
import io.chat.common.bus.ServiceClient;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.common.protocol.Op;
import io.chat.gateway.Gateway;
import io.chat.gateway.protocol.Fields;
import io.chat.gateway.protocol.Request;
import io.chat.gateway.protocol.RequestParser;
import io.chat.gateway.session.Connection;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Handles one request line: parses it, applies the rules every op shares (op known, login
 * needed), checks the op's field types and forwards it to its service over the event bus.
 * The session's user id goes into every request; ids a client sends are never trusted.
 */
public final class OpDispatcher implements Connection.RequestHandler {

  private static final Future<Void> DONE = Future.succeededFuture();

  private final ServiceClient services;
  private final LoginFlow login;

  public OpDispatcher(Gateway gateway) {
    this.services = gateway.services();
    this.login = new LoginFlow(gateway);
  }

  @Override
  public Future<Void> handle(Connection connection, byte[] line) {
    Request request;
    try {
      request = RequestParser.parse(line);
    } catch (ChatException badJson) {
      return connection.allowRequest() ? refuse(connection, null, null, badJson) : rateLimited(connection, null, null);
    }
    String opName = request.op();
    Object ref = request.refValid() ? request.ref() : null;
    if (!connection.allowRequest()) {
      return rateLimited(connection, opName, ref);
    }
    if (!request.refValid()) {
      return refuse(connection, opName, null,
          new ChatException(ErrorCode.BAD_REQUEST, "ref must be a string or an integer"));
    }
    if (opName == null) {
      return refuse(connection, null, ref, new ChatException(ErrorCode.BAD_REQUEST, "a request needs a string op"));
    }
    Op op = Op.ofWireName(opName);
    if (op == null) {
      return refuse(connection, opName, ref, new ChatException(ErrorCode.UNKNOWN_OP, "unknown op " + opName));
    }
    if (op.needsLogin() && connection.session() == null) {
      return refuse(connection, opName, ref, new ChatException(ErrorCode.NOT_LOGGED_IN, "log in first"));
    }
    if (op == Op.LOGIN) {
      return login.run(connection, request);
    }
    Future<JsonObject> result;
    try {
      result = route(connection, op, request.fields());
    } catch (ChatException invalid) {
      result = Future.failedFuture(invalid);
    }
    return result.transform(done -> {
      if (done.failed()) {
        return refuse(connection, opName, ref, ServiceClient.asChatException(done.cause()));
      }
      connection.replyOk(opName, ref, done.result());
      return DONE;
    });
  }

  private Future<JsonObject> route(Connection connection, Op op, ObjectNode fields) {
    return switch (op) {
      case PING -> Future.succeededFuture(new JsonObject());
      case HELP -> Future.succeededFuture(new JsonObject().put("ops", new JsonArray(Op.wireNames())));
      case REGISTER -> ask(Actions.Auth.REGISTER,
          new RegisterRequest(Fields.string(fields, "name"), Fields.string(fields, "password")));
      case LOGOUT -> connection.closeSession().map(new JsonObject());
      case FRIENDS -> ask(Actions.Social.FRIENDS, new OfUser(caller(connection).id()));
      case FRIEND_ADD -> ask(Actions.Social.FRIEND_ADD, new UserAction(caller(connection), Fields.namedUser(fields)));
      case FRIEND_REMOVE -> ask(Actions.Social.FRIEND_REMOVE,
          new UserAction(caller(connection), Fields.namedUser(fields)));
      case SEND -> services.request(Addresses.MESSAGE, Actions.Message.SEND, self(connection)
          .put("to", Fields.idOrName(fields, "to"))
          .put("text", Fields.string(fields, "text")));
      case GROUPS -> ask(Actions.Social.GROUPS, new OfUser(caller(connection).id()));
      case GROUP_CREATE -> ask(Actions.Social.GROUP_CREATE, new GroupCreate(caller(connection),
          Fields.string(fields, "name"), Objects.requireNonNullElse(Fields.optionalString(fields, "desc"), "")));
      case GROUP_JOIN -> ask(Actions.Social.GROUP_JOIN, groupAction(connection, fields));
      case GROUP_LEAVE -> ask(Actions.Social.GROUP_LEAVE, groupAction(connection, fields));
      case GROUP_DELETE -> ask(Actions.Social.GROUP_DELETE, groupAction(connection, fields));
      case GROUP_MEMBERS -> ask(Actions.Social.GROUP_MEMBERS, groupAction(connection, fields));
      case GROUP_SEND -> services.request(Addresses.MESSAGE, Actions.Message.GROUP_SEND, self(connection)
          .put("group", Fields.idOrName(fields, "group"))
          .put("text", Fields.string(fields, "text")));
      case LOGIN -> throw new IllegalStateException("login is handled by LoginFlow");
    };
  }

  /** A typed request whose reply record is the client's reply, field for field. */
  private <Q extends BusMessage, R extends BusMessage> Future<JsonObject> ask(BusAction<Q, R> action, Q request) {
    return services.request(action, request).map(BusMessage::toJson);
  }

  private static GroupAction groupAction(Connection connection, ObjectNode fields) {
    return new GroupAction(caller(connection), Named.of(Fields.idOrName(fields, "group")));
  }

  private static Caller caller(Connection connection) {
    return connection.session().caller();
  }

  /** A request body naming the session's user. */
  private static JsonObject self(Connection connection) {
    return caller(connection).into(new JsonObject());
  }

  /** Every frame, a valid request or not, takes a token from the connection's request budget. */
  private Future<Void> rateLimited(Connection connection, String op, Object ref) {
    return refuse(connection, op, ref,
        new ChatException(ErrorCode.RATE_LIMITED, "too many requests on this connection, slow down"));
  }

  private Future<Void> refuse(Connection connection, String op, Object ref, ChatException error) {
    connection.replyError(op, ref, error);
    return DONE;
  }
}
