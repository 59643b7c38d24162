package io.chat.gateway.session;

import io.chat.common.model.Caller;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * One logged-in connection of a user. Created by a login; it lives in the node's
 * {@link SessionRegistry} until logout or close. Events for it may arrive from any thread and
 * are handed to the connection's own context (written at once when they arrive on its event
 * loop).
 */
public final class Session {

  private final Caller caller;
  private final String id;
  private final Connection connection;

  Session(int userId, String userName, String id, Connection connection) {
    this.caller = new Caller(userId, userName);
    this.id = id;
    this.connection = connection;
  }

  public int userId() {
    return caller.id();
  }

  public String userName() {
    return caller.name();
  }

  /** The session's user, as requests to the services name it. */
  public Caller caller() {
    return caller;
  }

  /** Unique in the cluster: {@code <node id>/<counter>}. */
  public String id() {
    return id;
  }

  /**
   * Adds its copy of an event to a hand-off to this session's socket; safe from any thread. A
   * message copy that the connection cannot write is stored for the user instead, unless
   * another of the user's sessions here has it.
   */
  public void deliver(UserCopies event, LoopHandOff handOff) {
    connection.deliverVia(handOff, this, event);
  }

  /** Replays messages stored for this user after its login counted them; safe from any thread. */
  public void replayLateStored() {
    connection.onItsLoop(connection::replayLateStored);
  }

  /**
   * Hands its copy of an event to the socket and says whether it reached it: true once written
   * to it, false when the session was gone. Safe from any thread.
   */
  public Future<Boolean> deliverConfirmed(UserCopies event) {
    Promise<Boolean> written = Promise.promise();
    connection.deliverOnItsLoop(this, event, written);
    return written.future();
  }
}
