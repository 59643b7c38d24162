package io.chat.push.jwt;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/**
 * A bearer token that is reused until it is due for renewal, then issued anew, once: callers
 * that ask while it is being issued share that one issue. Use from one context.
 */
public final class RenewingToken {

  /** A token and the time (ms since the epoch) from which it is issued anew. */
  public record Issued(String value, long renewAtMillis) {
  }

  private final Supplier<Future<Issued>> issuer;
  private Issued current;
  private Future<String> issuing;

  public RenewingToken(Supplier<Future<Issued>> issuer) {
    this.issuer = issuer;
  }

  public Future<String> get() {
    if (current != null && System.currentTimeMillis() < current.renewAtMillis()) {
      return Future.succeededFuture(current.value());
    }
    if (issuing != null) {
      return issuing;
    }
    Promise<String> issued = Promise.promise();
    issuing = issued.future();
    issuer.get().onComplete(done -> {
      issuing = null;
      current = done.succeeded() ? done.result() : null;
      issued.handle(done.map(Issued::value));
    });
    return issued.future();
  }

  /** The provider refused this token: the next {@link #get} issues another (unless one newer already is). */
  public void refused(String value) {
    if (current != null && current.value().equals(value)) {
      current = null;
    }
  }
}
