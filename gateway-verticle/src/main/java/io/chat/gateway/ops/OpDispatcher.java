package io.chat.gateway.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chat.common.bus.Actions;
import io.chat.common.bus.Addresses;
import io.chat.common.bus.BusFields;
import io.chat.common.bus.ServiceClient;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.common.protocol.Op;
import io.chat.gateway.Gateway;
import io.chat.gateway.protocol.Fields;
import io.chat.gateway.protocol.Request;
import io.chat.gateway.protocol.RequestParser;
import io.chat.gateway.session.Connection;
import io.chat.gateway.session.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

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
      return refuseBadFrame(connection, null, null, badJson);
    }
    String opName = request.op();
    if (!request.refValid()) {
      return refuseBadFrame(connection, opName, null,
          new ChatException(ErrorCode.BAD_REQUEST, "ref must be a string or an integer"));
    }
    if (opName == null) {
      return refuseBadFrame(connection, null, request.ref(),
          new ChatException(ErrorCode.BAD_REQUEST, "a request needs a string op"));
    }
    Op op = Op.ofWireName(opName);
    if (op == null) {
      return refuseBadFrame(connection, opName, request.ref(),
          new ChatException(ErrorCode.UNKNOWN_OP, "unknown op " + opName));
    }
    connection.goodFrame();
    if (!connection.allowRequest()) {
      return refuse(connection, opName, request.ref(),
          new ChatException(ErrorCode.RATE_LIMITED, "too many requests on this connection, slow down"));
    }
    if (op.needsLogin() && connection.session() == null) {
      return refuse(connection, opName, request.ref(), new ChatException(ErrorCode.NOT_LOGGED_IN, "log in first"));
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
        return refuse(connection, opName, request.ref(), ServiceClient.asChatException(done.cause()));
      }
      connection.replyOk(opName, request.ref(), done.result());
      return DONE;
    });
  }

  private Future<JsonObject> route(Connection connection, Op op, ObjectNode fields) {
    return switch (op) {
      case PING -> Future.succeededFuture(new JsonObject());
      case HELP -> Future.succeededFuture(new JsonObject().put("ops", new JsonArray(Op.wireNames())));
      case REGISTER -> services.request(Addresses.AUTH, Actions.Auth.REGISTER, new JsonObject()
          .put("name", Fields.string(fields, "name"))
          .put("password", Fields.string(fields, "password")));
      case LOGOUT -> connection.closeSession().map(new JsonObject());
      case FRIENDS -> services.request(Addresses.SOCIAL, Actions.Social.FRIENDS, self(connection));
      case FRIEND_ADD -> services.request(Addresses.SOCIAL, Actions.Social.FRIEND_ADD,
          Fields.namedUser(fields, self(connection)));
      case FRIEND_REMOVE -> services.request(Addresses.SOCIAL, Actions.Social.FRIEND_REMOVE,
          Fields.namedUser(fields, self(connection)));
      case SEND -> services.request(Addresses.MESSAGE, Actions.Message.SEND, self(connection)
          .put("to", Fields.idOrName(fields, "to"))
          .put("text", Fields.string(fields, "text")));
      case GROUPS -> services.request(Addresses.SOCIAL, Actions.Social.GROUPS, self(connection));
      case GROUP_CREATE -> services.request(Addresses.SOCIAL, Actions.Social.GROUP_CREATE, withDesc(fields,
          self(connection).put("name", Fields.string(fields, "name"))));
      case GROUP_JOIN -> social(Actions.Social.GROUP_JOIN, connection, fields);
      case GROUP_LEAVE -> social(Actions.Social.GROUP_LEAVE, connection, fields);
      case GROUP_DELETE -> social(Actions.Social.GROUP_DELETE, connection, fields);
      case GROUP_MEMBERS -> social(Actions.Social.GROUP_MEMBERS, connection, fields);
      case GROUP_SEND -> services.request(Addresses.MESSAGE, Actions.Message.GROUP_SEND, self(connection)
          .put("group", Fields.idOrName(fields, "group"))
          .put("text", Fields.string(fields, "text")));
      case LOGIN -> throw new IllegalStateException("login is handled by LoginFlow");
    };
  }

  /** A group op: the session's user and the group named by id or name. */
  private Future<JsonObject> social(String action, Connection connection, ObjectNode fields) {
    return services.request(Addresses.SOCIAL, action,
        self(connection).put("group", Fields.idOrName(fields, "group")));
  }

  private static JsonObject withDesc(ObjectNode fields, JsonObject body) {
    String desc = Fields.optionalString(fields, "desc");
    return desc == null ? body : body.put("desc", desc);
  }

  /** A request body naming the session's user. */
  private static JsonObject self(Connection connection) {
    Session session = connection.session();
    return new JsonObject().put(BusFields.UID, session.userId()).put(BusFields.UNAME, session.userName());
  }

  /** An error reply to a frame that is no valid request at all; too many of them end the connection. */
  private Future<Void> refuseBadFrame(Connection connection, String op, Object ref, ChatException error) {
    refuse(connection, op, ref, error);
    connection.badFrame();
    return DONE;
  }

  private Future<Void> refuse(Connection connection, String op, Object ref, ChatException error) {
    connection.replyError(op, ref, error);
    return DONE;
  }
}
