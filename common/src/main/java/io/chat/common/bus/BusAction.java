package io.chat.common.bus;

import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * One action of a service address: its name on the {@code action} header, and how its request
 * and its reply are read back from the JSON they travel as.
 *
 * @param <Q> the request body
 * @param <R> the reply body
 */
public record BusAction<Q extends BusMessage, R extends BusMessage>(
    String address, String name, Function<JsonObject, Q> readRequest, Function<JsonObject, R> readReply) {

  /** The same action on another address (a node's delivery address, which each node has its own of). */
  public BusAction<Q, R> at(String otherAddress) {
    return new BusAction<>(otherAddress, name, readRequest, readReply);
  }
}
