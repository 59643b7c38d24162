package io.chat.gateway.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chat.common.bus.Actions;
import io.chat.common.bus.BusAction;
import io.chat.common.bus.BusMessage;
import io.chat.common.bus.ServiceClient;
import io.chat.common.bus.auth.RegisterRequest;
import io.chat.common.bus.auth.TokenRef;
import io.chat.common.bus.message.AckCheck;
import io.chat.common.bus.message.GroupSendRequest;
import io.chat.common.bus.message.HistoryRequest;
import io.chat.common.bus.message.SendRequest;
import io.chat.common.bus.message.Sent;
import io.chat.common.bus.push.Device;
import io.chat.common.bus.push.DeviceRequest;
import io.chat.common.bus.social.GroupAction;
import io.chat.common.bus.social.GroupCreate;
import io.chat.common.bus.social.OfUser;
import io.chat.common.bus.social.UserAction;
import io.chat.common.model.Caller;
import io.chat.common.model.ConvId;
import io.chat.common.model.Named;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.common.protocol.Errors;
import io.chat.common.protocol.Op;
import io.chat.gateway.connection.Connection;
import io.chat.gateway.protocol.Fields;
import io.chat.gateway.protocol.Request;
import io.chat.gateway.protocol.RequestParser;
import io.chat.gateway.session.CursorBook;
import io.chat.gateway.session.Session;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Handles one request frame: parses it, applies the rules every op shares (the request budget,
 * op known, login needed), checks the op's field types and forwards it to its service over the
 * event bus. The session's user goes into every request; ids a client sends are never trusted.
 */
public final class OpDispatcher implements Connection.RequestHandler {

  private static final Future<Void> DONE = Future.succeededFuture();
  private static final ChatException RATE_LIMITED =
      Errors.rateLimited("too many requests on this connection, slow down");

  private final ServiceClient services;
  private final CursorBook cursors;
  private final LoginFlow login;
  private final Counter acks;

  public OpDispatcher(ServiceClient services, CursorBook cursors, LoginFlow login, MeterRegistry metrics) {
    this.services = services;
    this.cursors = cursors;
    this.login = login;
    this.acks = Counter.builder("chat.acks").description("Acknowledgements taken (ack requests answered ok)")
        .register(metrics);
  }

  @Override
  public Future<Void> handle(Connection connection, byte[] frame) {
    Request request;
    try {
      if (frame == Connection.NOT_TEXT) {
        throw new ChatException(ErrorCode.BAD_JSON, "a frame is a JSON object, as text");
      }
      request = RequestParser.parse(frame);
    } catch (ChatException badJson) {
      return refuse(connection, null, null, connection.allowRequest() ? badJson : RATE_LIMITED);
    }
    String opName = request.op();
    Object ref = request.refValid() ? request.ref() : null;
    // Every frame takes from the connection's budget, a bad one too; the refusal names what it can.
    if (!connection.allowRequest()) {
      return refuse(connection, opName, ref, RATE_LIMITED);
    }
    if (!request.refValid()) {
      return refuse(connection, opName, null, Errors.badRequest("ref must be a string or an integer"));
    }
    if (opName == null) {
      return refuse(connection, null, ref, Errors.badRequest("a request needs a string op"));
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
      case LOGOUT -> services.request(Actions.Auth.REVOKE, new TokenRef(connection.session().tokenId()))
          .compose(revoked -> connection.closeSession())
          .map(new JsonObject());
      case FRIENDS -> ask(Actions.Social.FRIENDS, new OfUser(caller(connection).id()));
      case FRIEND_ADD -> ask(Actions.Social.FRIEND_ADD, new UserAction(caller(connection), Fields.namedUser(fields)));
      case FRIEND_REMOVE -> ask(Actions.Social.FRIEND_REMOVE,
          new UserAction(caller(connection), Fields.namedUser(fields)));
      case SEND -> send(connection.session(), Actions.Message.SEND, new SendRequest(caller(connection),
          connection.session().id(), Named.of(Fields.recipient(fields)), Fields.string(fields, "text"),
          Fields.optionalString(fields, "cid")));
      case GROUPS -> ask(Actions.Social.GROUPS, new OfUser(caller(connection).id()));
      case GROUP_CREATE -> ask(Actions.Social.GROUP_CREATE, new GroupCreate(caller(connection),
          Fields.string(fields, "name"), Objects.requireNonNullElse(Fields.optionalString(fields, "desc"), "")));
      case GROUP_JOIN -> ask(Actions.Social.GROUP_JOIN, groupAction(connection, fields));
      case GROUP_LEAVE -> ask(Actions.Social.GROUP_LEAVE, groupAction(connection, fields));
      case GROUP_DELETE -> ask(Actions.Social.GROUP_DELETE, groupAction(connection, fields));
      case GROUP_MEMBERS -> ask(Actions.Social.GROUP_MEMBERS, groupAction(connection, fields));
      case GROUP_SEND -> send(connection.session(), Actions.Message.GROUP_SEND, new GroupSendRequest(
          caller(connection), connection.session().id(), Named.of(Fields.idOrName(fields, "group")),
          Fields.string(fields, "text"), Fields.optionalString(fields, "cid")));
      case HISTORY -> ask(Actions.Message.HISTORY, new HistoryRequest(caller(connection),
          Fields.optionalString(fields, "conv"),
          fields.has("with") ? Named.of(Fields.idOrName(fields, "with")) : null,
          fields.has("group") ? Named.of(Fields.idOrName(fields, "group")) : null,
          Fields.optionalSeq(fields, "before"), Fields.optionalSeq(fields, "after"),
          Fields.optionalInteger(fields, "limit")));
      case CONVERSATIONS -> cursors.flush(caller(connection).id()).otherwiseEmpty()
          .compose(flushed -> ask(Actions.Message.CONVERSATIONS, new OfUser(caller(connection).id())));
      case ACK -> ack(connection.session(), Fields.string(fields, "conv"), Fields.seq(fields, "seq"));
      case PUSH_REGISTER -> ask(Actions.Push.REGISTER, new DeviceRequest(caller(connection), device(fields)));
      case PUSH_UNREGISTER -> ask(Actions.Push.UNREGISTER, new DeviceRequest(caller(connection), device(fields)));
      case PUSH_DEVICES -> ask(Actions.Push.DEVICES, new OfUser(caller(connection).id()));
      case LOGIN -> throw new IllegalStateException("login is handled by LoginFlow");
    };
  }

  /**
   * A send: the session's feed knows a send is in flight (the log may hold the message before
   * its reply comes), and counts the message's seq once it has it.
   */
  private <Q extends BusMessage> Future<JsonObject> send(Session session, BusAction<Q, Sent> action, Q request) {
    session.feed().sending();
    return services.request(action, request)
        .andThen(done -> session.feed().sent(done.succeeded() ? done.result().conv() : null,
            done.succeeded() ? done.result().seq() : 0))
        .map(Sent::toJson);
  }

  /** An acknowledgement moves the user's cursor once the message service found it sound. */
  private Future<JsonObject> ack(Session session, String conv, long seq) {
    return services.request(Actions.Message.ACK_CHECK, new AckCheck(session.caller(), conv, seq))
        .map(ok -> {
          cursors.advance(session.userId(), ConvId.parse(conv), seq);
          acks.increment();
          return new JsonObject();
        });
  }

  /** A typed request whose reply record is the client's reply, field for field. */
  private <Q extends BusMessage, R extends BusMessage> Future<JsonObject> ask(BusAction<Q, R> action, Q request) {
    return services.request(action, request).map(BusMessage::toJson);
  }

  private static GroupAction groupAction(Connection connection, ObjectNode fields) {
    return new GroupAction(caller(connection), connection.session().id(), Named.of(Fields.idOrName(fields, "group")));
  }

  /** {@code provider} one of webhook, fcm, apns; {@code token} 1 to 4,096 characters. */
  private static Device device(ObjectNode fields) {
    return Device.parse(Fields.string(fields, "provider"), Fields.string(fields, "token"));
  }

  private static Caller caller(Connection connection) {
    return connection.session().caller();
  }

  private static Future<Void> refuse(Connection connection, String op, Object ref, ChatException error) {
    connection.replyError(op, ref, error);
    return DONE;
  }
}
