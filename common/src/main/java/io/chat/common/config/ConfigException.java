package io.chat.common.config;

/** A configuration value the node cannot run with; the message names the key. */
public final class ConfigException extends IllegalArgumentException {

  public ConfigException(String key, String problem) {
    super(key + " " + problem);
  }
}
