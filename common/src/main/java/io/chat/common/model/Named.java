package io.chat.common.model;

/**
 * A user or group as a request names it: by id, or by name (a string is always a name, even
 * {@code "123"}). Exactly one of the two is set.
 */
public record Named(Integer id, String name) {

  public static Named id(int id) {
    return new Named(id, null);
  }

  public static Named name(String name) {
    return new Named(null, name);
  }

  /** From a JSON value that is an id (a number) or a name (anything else, as text). */
  public static Named of(Object value) {
    return value instanceof Number number ? id(number.intValue()) : name(String.valueOf(value));
  }

  public boolean byId() {
    return id != null;
  }

  /** The id or the name, as a JSON value. */
  public Object value() {
    return byId() ? id : name;
  }
}
