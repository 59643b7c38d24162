package io.chat.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chat.common.model.Named;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.Errors;

/**
 * Reads the typed fields of a request. A missing field, or one of the wrong type ({@code null},
 * {@code true}, a string id, a fraction, an integer out of range), is {@code bad_request}.
 */
public final class Fields {

  private Fields() {
  }

  public static String string(ObjectNode request, String field) {
    JsonNode value = request.get(field);
    if (value == null || !value.isTextual()) {
      throw badRequest(field + " must be a string");
    }
    return value.textValue();
  }

  /** An optional string field: absent gives null, any other type is bad_request. */
  public static String optionalString(ObjectNode request, String field) {
    return request.has(field) ? string(request, field) : null;
  }

  public static int integer(ObjectNode request, String field) {
    JsonNode value = request.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
      throw badRequest(field + " must be an integer");
    }
    return value.intValue();
  }

  /** An optional integer field: absent gives null, any other type is bad_request. */
  public static Integer optionalInteger(ObjectNode request, String field) {
    return request.has(field) ? integer(request, field) : null;
  }

  /** A seq number: an integer of 0 or more, within 64 bits. */
  public static long seq(ObjectNode request, String field) {
    JsonNode value = request.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
      throw badRequest(field + " must be an integer, 0 or more");
    }
    return value.longValue();
  }

  public static Long optionalSeq(ObjectNode request, String field) {
    return request.has(field) ? seq(request, field) : null;
  }

  /** An optional boolean field: absent gives false, any other type is bad_request. */
  public static boolean flag(ObjectNode request, String field) {
    JsonNode value = request.get(field);
    if (value == null) {
      return false;
    }
    if (!value.isBoolean()) {
      throw badRequest(field + " must be true or false");
    }
    return value.booleanValue();
  }

  /** Whom a {@code send} goes to; a send that names a group instead is told about {@code group_send}. */
  public static Object recipient(ObjectNode request) {
    if (!request.has("to") && request.has("group")) {
      throw badRequest("send goes to one user, named by to; a message to a group is group_send");
    }
    return idOrName(request, "to");
  }

  /** A field that takes an id (integer) or a name (string): the Integer or the String. */
  public static Object idOrName(ObjectNode request, String field) {
    JsonNode value = request.get(field);
    if (value != null && value.isTextual()) {
      return value.textValue();
    }
    if (value != null && value.isIntegralNumber() && value.canConvertToInt()) {
      return value.intValue();
    }
    throw badRequest(field + " must be an id (integer) or a name (string)");
  }

  /** The user a request names by {@code id} (preferred when both are given) or {@code name}. */
  public static Named namedUser(ObjectNode request) {
    if (request.has("id")) {
      return Named.id(integer(request, "id"));
    }
    if (request.has("name")) {
      return Named.name(string(request, "name"));
    }
    throw badRequest("name a user by id or name");
  }

  private static ChatException badRequest(String message) {
    return Errors.badRequest(message);
  }
}
