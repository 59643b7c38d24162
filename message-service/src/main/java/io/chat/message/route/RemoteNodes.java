package io.chat.message.route;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** How the route layer reaches the delivery address of another node. */
public interface RemoteNodes {

  /**
   * Hands a delivery ({@code users}, {@code event}, {@code store}) to another node; completes
   * with the users that node took. Copies for the others are for the caller to store.
   */
  Future<Set<Integer>> deliver(String node, JsonObject delivery);

  /**
   * A one-way notice (an action of the node's delivery address) to another node. Completes once
   * it is on its way, so that what the caller sends that node afterwards arrives after it;
   * never fails (a notice that cannot be sent is logged).
   */
  Future<Void> notify(String node, String action, JsonObject body);
}
