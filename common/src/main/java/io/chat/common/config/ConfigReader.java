package io.chat.common.config;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Reads one value per key from the merged configuration and checks it. Values from the
 * environment arrive as strings, so numbers and booleans are accepted as JSON values or as their
 * text. Every failure is a {@link ConfigException} that names the key and the value found.
 */
final class ConfigReader {

  private final JsonObject json;

  ConfigReader(JsonObject json) {
    this.json = json;
  }

  String string(String key) {
    Object value = json.getValue(key);
    if (value == null) {
      throw new ConfigException(key, "is not set");
    }
    return value.toString().trim();
  }

  /** A string that must not be empty. */
  String required(String key) {
    String value = string(key);
    if (value.isEmpty()) {
      throw new ConfigException(key, "must not be empty");
    }
    return value;
  }

  long longValue(String key, long min, long max) {
    Object value = json.getValue(key);
    long number;
    if (value instanceof Number given && given.doubleValue() == given.longValue()) {
      number = given.longValue();
    } else if (value instanceof String text) {
      try {
        number = Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(key, "must be an integer, not '" + text + "'");
      }
    } else {
      throw new ConfigException(key, value == null ? "is not set" : "must be an integer, not " + value);
    }
    if (number < min || number > max) {
      throw new ConfigException(key, "must be between " + min + " and " + max + ", not " + number);
    }
    return number;
  }

  int integer(String key, int min, int max) {
    return (int) longValue(key, min, max);
  }

  /** A TCP port; {@code allowOff} lets -1 mean "no listener". */
  int port(String key, boolean allowOff) {
    return integer(key, allowOff ? -1 : 0, 65_535);
  }

  boolean bool(String key) {
    Object value = json.getValue(key);
    if (value instanceof Boolean flag) {
      return flag;
    }
    String text = value == null ? "" : value.toString().trim().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(key, "must be true or false, not '" + value + "'");
    };
  }

  /** A string that must start with one of these URI schemes. */
  String uri(String key, String... schemes) {
    String value = required(key);
    for (String scheme : schemes) {
      if (value.startsWith(scheme + "://")) {
        return value;
      }
    }
    throw new ConfigException(key, "must be a " + String.join(":// or ", schemes) + ":// URI, not '" + value + "'");
  }
}
