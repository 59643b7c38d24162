package io.chat.message.route;

import io.chat.common.bus.BusAction;
import io.chat.common.bus.BusMessage;
import io.chat.common.bus.node.Delivery;
import io.vertx.core.Future;

/** How the message service reaches the delivery address of another node. */
public interface RemoteNodes {

  /**
   * Hands a delivery to another node. Completes once the node took it, or once it was given up
   * (the node is gone or does not answer); never fails. A delivery that did not get through is
   * not lost: the message is in the log, and the session finds the gap at its next message, or
   * gets it at its next login.
   */
  Future<Void> deliver(String node, Delivery delivery);

  /** Another action of a node's delivery address; completes once taken or given up, never fails. */
  <Q extends BusMessage> Future<Void> notify(String node, BusAction<Q, ?> action, Q body);
}
