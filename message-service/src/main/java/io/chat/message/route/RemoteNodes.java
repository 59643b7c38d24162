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
   * A notice (an action of the node's delivery address) to another node. Completes once the
   * node has taken it, so that whatever reaches that node afterwards, from any node, is handled
   * after it; or once it could not be sent or was not taken within the send timeout. Never fails.
   */
  Future<Void> notify(String node, String action, JsonObject body);
}
