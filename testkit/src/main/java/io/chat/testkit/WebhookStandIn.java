package io.chat.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on 127.0.0.1 that checks what a real one would: each POST's
 * {@code X-Chat-Signature} must be {@code sha256=} and the hex HMAC-SHA256 of the raw body with
 * the shared secret, else it is refused (401) and counted in {@link #rejected()}. Signed bodies
 * are kept, in arrival order, and answered with the status the test chose for them (200 unless
 * told otherwise), or never answered ({@link #NO_ANSWER}).
 */
public final class WebhookStandIn {

  /** An answer that never comes: the request hangs until the sender gives up. */
  public static final int NO_ANSWER = -1;
  public static final String PATH = "/hook";
  private static final long WAIT_MILLIS = 10_000;
  private static final long POLL_MILLIS = 20;

  private final Vertx vertx;
  private final byte[] secret;
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger rejected = new AtomicInteger();
  private volatile Function<JsonObject, Integer> answer = body -> 200;
  private HttpServer server;

  private WebhookStandIn(Vertx vertx, String secret) {
    this.vertx = vertx;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** Listens on a free port of 127.0.0.1 (port 0) or the given one. */
  public static Future<WebhookStandIn> start(Vertx vertx, int port, String secret) {
    WebhookStandIn standIn = new WebhookStandIn(vertx, secret);
    standIn.server = vertx.createHttpServer().requestHandler(standIn::handle);
    return standIn.server.listen(port, "127.0.0.1").map(standIn);
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + PATH;
  }

  /** How to answer each signed body from now on: a status, or {@link #NO_ANSWER}. */
  public void answer(Function<JsonObject, Integer> status) {
    this.answer = status;
  }

  /** Every signed body so far, in arrival order (a retried notification is there once per try). */
  public List<JsonObject> received() {
    return List.copyOf(received);
  }

  /** Requests refused for a missing or wrong signature, or for not being a POST of JSON to {@link #PATH}. */
  public int rejected() {
    return rejected.get();
  }

  /** Completes once at least {@code count} received bodies match, with those bodies; fails after 10 s. */
  public Future<List<JsonObject>> await(Predicate<JsonObject> match, int count) {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    return poll(match, count, deadline);
  }

  public Future<Void> close() {
    return server.close();
  }

  private Future<List<JsonObject>> poll(Predicate<JsonObject> match, int count, long deadline) {
    List<JsonObject> matching = received.stream().filter(match).toList();
    if (matching.size() >= count) {
      return Future.succeededFuture(matching);
    }
    if (System.currentTimeMillis() > deadline) {
      return Future.failedFuture("the webhook got " + matching.size() + " of " + count
          + " expected notifications; all it got: " + received);
    }
    return vertx.timer(POLL_MILLIS).compose(tick -> poll(match, count, deadline));
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      String signature = request.getHeader("X-Chat-Signature");
      boolean json = String.valueOf(request.getHeader("content-type")).startsWith("application/json");
      if (!"POST".equals(request.method().name()) || !PATH.equals(request.path()) || !json
          || signature == null || !MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
              ("sha256=" + HexFormat.of().formatHex(hmac(body))).getBytes(StandardCharsets.US_ASCII))) {
        rejected.incrementAndGet();
        request.response().setStatusCode(401).end();
        return;
      }
      JsonObject notification = body.toJsonObject();
      received.add(notification);
      int status = answer.apply(notification);
      if (status != NO_ANSWER) {
        request.response().setStatusCode(status).end();
      }
    });
  }

  private byte[] hmac(Buffer body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(body.getBytes());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
