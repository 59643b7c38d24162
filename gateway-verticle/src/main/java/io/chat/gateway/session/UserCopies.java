package io.chat.gateway.session;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One event for the sessions one user has on this node, each of which gets a copy. A message
 * copy a session cannot write goes back to be stored only when every one of those sessions
 * missed it: one written copy is enough, and storing the others would replay it as a
 * duplicate. The sessions may live on different event loops, hence the atomic count.
 */
public final class UserCopies {

  private final int userId;
  private final Buffer line;
  private final boolean storable;
  private final AtomicInteger sessionsLeft;

  /** An event line for a user's sessions; storable when it is a message (stored if all miss it). */
  public UserCopies(int userId, Buffer line, boolean storable, int sessions) {
    this.userId = userId;
    this.line = line;
    this.storable = storable;
    this.sessionsLeft = new AtomicInteger(sessions);
  }

  int userId() {
    return userId;
  }

  Buffer line() {
    return line;
  }

  boolean storable() {
    return storable;
  }

  /** The event as JSON text (the line without its line end). */
  String event() {
    return line.getString(0, line.length() - 1, StandardCharsets.UTF_8.name());
  }

  /** One session did not write its copy; true when it was the last that could have. */
  boolean missedByLast() {
    return sessionsLeft.decrementAndGet() == 0;
  }
}
