package io.chat.push;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * APNs on 127.0.0.1, over HTTP/2 cleartext, checking what Apple checks: the request is HTTP/2,
 * a POST to {@code /3/device/<token>}; its {@code authorization: bearer} JWT is ES256-signed by
 * the team's key (verified here with the public key, by a JOSE library of its own), names the
 * key as {@code kid}, the team as {@code iss} and has a recent {@code iat}; {@code apns-topic}
 * is the app's and {@code apns-push-type} is {@code alert}. Anything else is refused (403) and
 * counted in {@link #problems()}; good requests are kept and answered as the test says.
 */
final class ApnsStandIn {

  static final String KEY_ID = "ABC123DEFG";
  static final String TEAM_ID = "DEF123GHIJ";
  static final String TOPIC = "io.chat.app";

  /** A request that passed every check: its device token, headers and body. */
  record Push(String device, String jwt, String collapseId, JsonObject body) {
  }

  private final ECPublicKey publicKey;
  private final List<Push> pushes = new CopyOnWriteArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private volatile Function<Push, Answer> answer = push -> new Answer(200, null);
  private HttpServer server;

  /** A status, and the {@code reason} of an error body (null for none). */
  record Answer(int status, String reason) {
  }

  private ApnsStandIn(ECPublicKey publicKey) {
    this.publicKey = publicKey;
  }

  static Future<ApnsStandIn> start(Vertx vertx, ECPublicKey publicKey) {
    ApnsStandIn standIn = new ApnsStandIn(publicKey);
    // Cleartext HTTP/2 with prior knowledge is on by default; nothing here speaks HTTP/1.1 to it.
    standIn.server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
        .requestHandler(standIn::handle);
    return standIn.server.listen(0, "127.0.0.1").map(standIn);
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  void answer(Function<Push, Answer> answer) {
    this.answer = answer;
  }

  List<Push> pushes() {
    return List.copyOf(pushes);
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  Future<Void> close() {
    return server.close();
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      String problem = problem(request);
      if (problem != null) {
        problems.add(problem);
        request.response().setStatusCode(403).end(new JsonObject().put("reason", "BadRequest").encode());
        return;
      }
      String authorization = request.getHeader("authorization");
      Push push = new Push(URLDecoder.decode(request.path().substring("/3/device/".length()), StandardCharsets.UTF_8),
          authorization.substring("bearer ".length()), request.getHeader("apns-collapse-id"), body.toJsonObject());
      pushes.add(push);
      Answer reply = answer.apply(push);
      request.response().setStatusCode(reply.status())
          .end(reply.reason() == null ? "" : new JsonObject().put("reason", reply.reason()).encode());
    });
  }

  private String problem(HttpServerRequest request) {
    if (request.version() != HttpVersion.HTTP_2) {
      return "not HTTP/2: " + request.version();
    }
    if (!"POST".equals(request.method().name()) || !request.path().startsWith("/3/device/")) {
      return "not a POST to /3/device/: " + request.method() + " " + request.path();
    }
    if (!TOPIC.equals(request.getHeader("apns-topic")) || !"alert".equals(request.getHeader("apns-push-type"))) {
      return "topic " + request.getHeader("apns-topic") + ", push type " + request.getHeader("apns-push-type");
    }
    String authorization = request.getHeader("authorization");
    if (authorization == null || !authorization.startsWith("bearer ")) {
      return "no bearer token";
    }
    try {
      SignedJWT jwt = SignedJWT.parse(authorization.substring("bearer ".length()));
      if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new ECDSAVerifier(publicKey))) {
        return "the provider token is not ES256-signed by the team's key";
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      long iat = claims.getIssueTime().getTime() / 1000;
      if (!KEY_ID.equals(jwt.getHeader().getKeyID()) || !TEAM_ID.equals(claims.getIssuer())
          || Math.abs(iat - System.currentTimeMillis() / 1000) > 3600) {
        return "wrong kid, iss or iat: " + jwt.getHeader().toJSONObject() + " " + claims.toJSONObject();
      }
      return null;
    } catch (Exception e) {
      return "bad provider token: " + e;
    }
  }
}
