package io.chat.push.provider;

import io.chat.common.bus.push.Provider;
import io.chat.common.config.PushSettings;
import io.chat.push.Notification;
import io.chat.push.jwt.JwtSigner;
import io.chat.push.jwt.RenewingToken;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientForm;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Firebase Cloud Messaging, HTTP v1 API. The node trades a signed assertion (RS256, the service
 * account's key) for an OAuth2 access token at the account's {@code token_uri} (the JWT-bearer
 * grant), reuses it until a minute before it expires, and sends each notification to
 * {@code {endpoint}/v1/projects/{project_id}/messages:send} with it. A 404 whose error says
 * {@code UNREGISTERED} means the token is gone.
 */
public final class FcmSender implements Sender {

  static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
  static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  /** Google accepts assertions that expire within an hour. */
  private static final long ASSERTION_SECONDS = 3600;
  private static final long RENEW_BEFORE_EXPIRY_SECONDS = 60;
  private static final int NOT_FOUND = 404;
  private static final int UNAUTHORIZED = 401;

  private final Vertx vertx;
  private final HttpClient client;
  private final FcmCredentials credentials;
  private final JwtSigner signer;
  private final String sendUrl;
  private final long timeoutMillis;
  private final RenewingToken accessToken;

  FcmSender(Vertx vertx, PushSettings settings, FcmCredentials credentials) {
    this.vertx = vertx;
    this.client = Exchange.http1(vertx, settings);
    this.credentials = credentials;
    JsonObject header = new JsonObject().put("typ", "JWT");
    if (credentials.privateKeyId() != null) {
      header.put("kid", credentials.privateKeyId());
    }
    this.signer = new JwtSigner(JwtSigner.Algorithm.RS256, credentials.privateKey(), header);
    this.sendUrl = settings.fcmEndpoint() + "/v1/projects/"
        + URLEncoder.encode(credentials.projectId(), StandardCharsets.UTF_8) + "/messages:send";
    this.timeoutMillis = settings.timeoutMillis();
    this.accessToken = new RenewingToken(this::issueAccessToken);
  }

  @Override
  public Provider provider() {
    return Provider.FCM;
  }

  @Override
  public Future<Outcome> send(Notification notification) {
    return accessToken.get().compose(token -> Exchange.exchange(client,
            Exchange.post(sendUrl, timeoutMillis)
                .putHeader("authorization", "Bearer " + token)
                .putHeader("content-type", "application/json; charset=UTF-8"),
            sending -> sending.send(body(notification).toBuffer()))
        .map(answer -> outcome(answer, token)));
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }

  /** {@code {message: {token, notification: {title, body}, data: {conv, seq, msg_id}}}}, data values as strings. */
  static JsonObject body(Notification notification) {
    JsonObject shown = new JsonObject().put("title", notification.title());
    if (notification.body() != null) {
      shown.put("body", notification.body());
    }
    return new JsonObject().put("message", new JsonObject()
        .put("token", notification.device().token())
        .put("notification", shown)
        .put("data", new JsonObject()
            .put("conv", notification.conv())
            .put("seq", Long.toString(notification.seq()))
            .put("msg_id", notification.msgId())));
  }

  private Outcome outcome(Exchange.Answer answer, String token) {
    if (answer.status() == NOT_FOUND && unregistered(answer.json())) {
      return Outcome.GONE;
    }
    if (answer.status() == UNAUTHORIZED) {
      // The access token expired early or was revoked: the next attempt gets a new one.
      accessToken.refused(token);
      return Outcome.RETRY;
    }
    return Outcomes.ofStatus(answer.status());
  }

  /** FCM names the reason in the error's details: {@code {"errorCode": "UNREGISTERED"}}. */
  private static boolean unregistered(JsonObject body) {
    JsonObject error = body.getValue("error") instanceof JsonObject e ? e : new JsonObject();
    JsonArray details = error.getValue("details") instanceof JsonArray d ? d : new JsonArray();
    for (Object detail : details) {
      if (detail instanceof JsonObject entry && "UNREGISTERED".equals(entry.getValue("errorCode"))) {
        return true;
      }
    }
    return false;
  }

  /** The JWT-bearer grant: a signed assertion, form-encoded to the token URI, for an access token. */
  private Future<RenewingToken.Issued> issueAccessToken() {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = new JsonObject()
        .put("iss", credentials.clientEmail())
        .put("scope", SCOPE)
        .put("aud", credentials.tokenUri())
        .put("iat", now)
        .put("exp", now + ASSERTION_SECONDS);
    return vertx.executeBlocking(() -> signer.sign(claims))
        .compose(assertion -> Exchange.exchange(client, Exchange.post(credentials.tokenUri(), timeoutMillis),
            sending -> sending.send(ClientForm.form().attribute("grant_type", GRANT_TYPE)
                .attribute("assertion", assertion))))
        .compose(answer -> {
          JsonObject json = answer.json();
          if (answer.status() != 200 || !(json.getValue("access_token") instanceof String token)) {
            return Future.failedFuture("the token endpoint answered " + answer.status());
          }
          long lifetime = json.getValue("expires_in") instanceof Number seconds ? seconds.longValue() : ASSERTION_SECONDS;
          return Future.succeededFuture(new RenewingToken.Issued(token,
              (now + Math.max(0, lifetime - RENEW_BEFORE_EXPIRY_SECONDS)) * 1000));
        });
  }
}
