package io.chat.common.config;

import java.util.Locale;

/**
 * How nodes reach each other ({@code CHAT_ROUTE}): over the event bus (local, or clustered with
 * Hazelcast), or, as in the seed's topology, as independent nodes that share MySQL and Redis
 * and pass deliveries and broadcasts over Redis pub/sub.
 */
public enum Route {
  EVENTBUS,
  REDIS;

  public static Route parse(String value) {
    try {
      return Route.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(ConfigKeys.ROUTE, "must be eventbus or redis, not '" + value + "'");
    }
  }
}
