package io.chat.gateway.session;

import io.chat.common.model.Caller;
import io.vertx.core.Context;

/**
 * One logged-in connection of a user. Made by a login; it lives in the node's
 * {@link SessionRegistry} until logout or close. What it is sent goes through its
 * {@link ConvFeed}, on the context of its connection.
 */
public final class Session {

  private final Caller caller;
  private final String id;
  private final boolean acknowledging;
  private final String tokenId;
  private final EventSink sink;
  private final ConvFeed feed;

  Session(Caller caller, String id, boolean acknowledging, String tokenId, EventSink sink, ConvFeed feed) {
    this.caller = caller;
    this.id = id;
    this.acknowledging = acknowledging;
    this.tokenId = tokenId;
    this.sink = sink;
    this.feed = feed;
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

  /** True for a session that acknowledges what it received ({@code login} with {@code ack: true}). */
  public boolean acknowledging() {
    return acknowledging;
  }

  /** The id of the login token this session was given: its logout revokes it. */
  public String tokenId() {
    return tokenId;
  }

  public ConvFeed feed() {
    return feed;
  }

  /** The context of the session's connection, where its feed runs. */
  public Context context() {
    return sink.context();
  }
}
