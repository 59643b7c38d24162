package io.chat.push;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Google's OAuth2 token endpoint and FCM's send endpoint on 127.0.0.1, checking what they
 * check. The token endpoint takes a JWT-bearer grant whose assertion is RS256-signed by the
 * service account's key (verified here with its public key, by a JOSE library of its own) with
 * the account's email as {@code iss}, the FCM scope, the token URI as {@code aud} and an
 * {@code exp} within an hour of {@code iat}; it hands out an access token. The send endpoint
 * takes only that token, as {@code Authorization: Bearer}, and a message whose data values are
 * strings. Anything else is refused and counted in {@link #problems()}.
 */
final class FcmStandIn {

  static final String PROJECT = "chat-test-project";
  static final String CLIENT_EMAIL = "push@chat-test-project.iam.gserviceaccount.com";
  static final String KEY_ID = "key-1";
  static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
  private static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  private final RSAPublicKey publicKey;
  private final List<JsonObject> messages = new CopyOnWriteArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final List<String> issued = new CopyOnWriteArrayList<>();
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private volatile Function<JsonObject, Integer> answer = message -> 200;
  private HttpServer server;

  private FcmStandIn(RSAPublicKey publicKey) {
    this.publicKey = publicKey;
  }

  static Future<FcmStandIn> start(Vertx vertx, RSAPublicKey publicKey) {
    FcmStandIn standIn = new FcmStandIn(publicKey);
    standIn.server = vertx.createHttpServer().requestHandler(standIn::handle);
    return standIn.server.listen(0, "127.0.0.1").map(standIn);
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  String tokenUri() {
    return endpoint() + "/token";
  }

  /** How to answer each message from now on: 200, or an error status (404 comes with UNREGISTERED). */
  void answer(Function<JsonObject, Integer> status) {
    this.answer = status;
  }

  /** The {@code message} objects sent with a valid access token, in arrival order. */
  List<JsonObject> messages() {
    return List.copyOf(messages);
  }

  int tokenRequests() {
    return tokenRequests.get();
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  /** The access tokens handed out, oldest first; {@link #revokeAll} makes them all refused. */
  List<String> issued() {
    return List.copyOf(issued);
  }

  void revokeAll() {
    issued.clear();
  }

  Future<Void> close() {
    return server.close();
  }

  private void handle(HttpServerRequest request) {
    if (request.path().equals("/token")) {
      request.setExpectMultipart(true);
      request.end().onSuccess(v -> token(request));
    } else if (request.path().equals("/v1/projects/" + PROJECT + "/messages:send")) {
      request.body().onSuccess(body -> send(request, body.toJsonObject()));
    } else {
      refuse(request, 404, "unknown path " + request.path());
    }
  }

  private void token(HttpServerRequest request) {
    tokenRequests.incrementAndGet();
    String problem = assertionProblem(request.getFormAttribute("grant_type"), request.getFormAttribute("assertion"));
    if (!"POST".equals(request.method().name())
        || !String.valueOf(request.getHeader("content-type")).startsWith("application/x-www-form-urlencoded")) {
      problem = "not a form POST";
    }
    if (problem != null) {
      refuse(request, 400, problem);
      return;
    }
    String token = "ya29." + UUID.randomUUID();
    issued.add(token);
    request.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("access_token", token).put("expires_in", 3599).put("token_type", "Bearer").encode());
  }

  private String assertionProblem(String grantType, String assertion) {
    if (!GRANT_TYPE.equals(grantType)) {
      return "grant_type " + grantType;
    }
    try {
      SignedJWT jwt = SignedJWT.parse(assertion);
      if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new RSASSAVerifier(publicKey))) {
        return "the assertion is not RS256-signed by the service account's key";
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      long iat = claims.getIssueTime().getTime() / 1000;
      long exp = claims.getExpirationTime().getTime() / 1000;
      long now = System.currentTimeMillis() / 1000;
      if (!CLIENT_EMAIL.equals(claims.getIssuer()) || !SCOPE.equals(claims.getStringClaim("scope"))
          || !List.of(tokenUri()).equals(claims.getAudience()) || !KEY_ID.equals(jwt.getHeader().getKeyID())
          || Math.abs(iat - now) > 60 || exp <= now || exp - iat > 3600) {
        return "wrong claims " + claims.toJSONObject();
      }
      return null;
    } catch (Exception e) {
      return "bad assertion: " + e;
    }
  }

  private void send(HttpServerRequest request, JsonObject body) {
    String authorization = request.getHeader("authorization");
    if (authorization == null || !authorization.startsWith("Bearer ")
        || !issued.contains(authorization.substring("Bearer ".length()))) {
      refuse(request, 401, "no valid access token: " + authorization);
      return;
    }
    JsonObject message = body.getJsonObject("message");
    JsonObject data = message == null ? null : message.getJsonObject("data");
    if (data == null || !(message.getValue("token") instanceof String)
        || !data.stream().allMatch(entry -> entry.getValue() instanceof String)) {
      refuse(request, 400, "not a message with a token and string data: " + body);
      return;
    }
    messages.add(message);
    int status = answer.apply(message);
    if (status == 404) {
      request.response().setStatusCode(404).end(new JsonObject().put("error", new JsonObject()
          .put("code", 404).put("message", "Requested entity was not found.").put("status", "NOT_FOUND")
          .put("details", List.of(new JsonObject().put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError")
              .put("errorCode", "UNREGISTERED")))).encode());
    } else {
      request.response().setStatusCode(status)
          .end(new JsonObject().put("name", "projects/" + PROJECT + "/messages/" + messages.size()).encode());
    }
  }

  private void refuse(HttpServerRequest request, int status, String problem) {
    // A 401 is how FCM answers an expired or revoked access token; only other refusals are problems.
    if (status != 401) {
      problems.add(problem);
    }
    request.response().setStatusCode(status).end();
  }
}
