package io.chat.push.provider;

import io.chat.common.bus.push.Provider;
import io.chat.common.config.PushSettings;
import io.chat.push.Notification;
import io.chat.push.jwt.JwtSigner;
import io.chat.push.jwt.RenewingToken;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;

/**
 * Apple Push Notification service, token-based, over HTTP/2: TLS with ALPN for an
 * {@code https://} endpoint, cleartext with prior knowledge for an {@code http://} one (a
 * stand-in). Each request carries a provider token, an ES256 JWT ({@code kid} the key id;
 * {@code iss} the team id, {@code iat}) that is reused and signed anew every 40 minutes: Apple
 * refuses one renewed more often than every 20 minutes, and one older than an hour. A 410, or a
 * 400 {@code BadDeviceToken}, means the device's token is gone.
 */
public final class ApnsSender implements Sender {

  private static final long RENEW_MILLIS = 40 * 60_000L;
  private static final int BAD_REQUEST = 400;
  private static final int FORBIDDEN = 403;
  private static final int GONE = 410;
  /** One connection carries every stream; Apple asks providers to keep their connections few and open. */
  private static final int CONNECTIONS = 1;

  private final Vertx vertx;
  private final HttpClient client;
  private final JwtSigner signer;
  private final String teamId;
  private final String topic;
  private final String deviceUrl;
  private final long timeoutMillis;
  private final RenewingToken providerToken;

  ApnsSender(Vertx vertx, PushSettings settings, PrivateKey key) {
    this.vertx = vertx;
    HttpClientOptions options = new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2)
        .setConnectTimeout((int) settings.timeoutMillis());
    if (settings.apnsEndpoint().startsWith("https://")) {
      options.setSsl(true).setUseAlpn(true);
    } else {
      options.setHttp2ClearTextUpgrade(false);
    }
    this.client = vertx.createHttpClient(options, new PoolOptions().setHttp2MaxSize(CONNECTIONS));
    this.signer = new JwtSigner(JwtSigner.Algorithm.ES256, key, new JsonObject().put("kid", settings.apnsKeyId()));
    this.teamId = settings.apnsTeamId();
    this.topic = settings.apnsTopic();
    this.deviceUrl = settings.apnsEndpoint() + "/3/device/";
    this.timeoutMillis = settings.timeoutMillis();
    this.providerToken = new RenewingToken(this::issueProviderToken);
  }

  @Override
  public Provider provider() {
    return Provider.APNS;
  }

  @Override
  public Future<Outcome> send(Notification notification) {
    // The token is the client's: encoded, it stays one path segment whatever it holds.
    String url = deviceUrl + URLEncoder.encode(notification.device().token(), StandardCharsets.UTF_8)
        .replace("+", "%20");
    return providerToken.get().compose(token -> Exchange.exchange(client,
            Exchange.post(url, timeoutMillis)
                .putHeader("authorization", "bearer " + token)
                .putHeader("apns-topic", topic)
                .putHeader("apns-push-type", "alert")
                .putHeader("apns-collapse-id", notification.conv())
                .putHeader("content-type", "application/json"),
            sending -> sending.send(body(notification).toBuffer()))
        .map(answer -> outcome(answer, token)));
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }

  /** {@code {aps: {alert: {title, body}, sound: "default"}, conv, seq, msg_id}}. */
  static JsonObject body(Notification notification) {
    JsonObject alert = new JsonObject().put("title", notification.title());
    if (notification.body() != null) {
      alert.put("body", notification.body());
    }
    return new JsonObject()
        .put("aps", new JsonObject().put("alert", alert).put("sound", "default"))
        .put("conv", notification.conv())
        .put("seq", notification.seq())
        .put("msg_id", notification.msgId());
  }

  private Outcome outcome(Exchange.Answer answer, String token) {
    if (answer.status() == GONE) {
      return Outcome.GONE;
    }
    Object reason = answer.json().getValue("reason");
    if (answer.status() == BAD_REQUEST && "BadDeviceToken".equals(reason)) {
      return Outcome.GONE;
    }
    if (answer.status() == FORBIDDEN && "ExpiredProviderToken".equals(reason)) {
      providerToken.refused(token);
      return Outcome.RETRY;
    }
    return Outcomes.ofStatus(answer.status());
  }

  private Future<RenewingToken.Issued> issueProviderToken() {
    long now = System.currentTimeMillis();
    JsonObject claims = new JsonObject().put("iss", teamId).put("iat", now / 1000);
    return vertx.executeBlocking(() -> new RenewingToken.Issued(signer.sign(claims), now + RENEW_MILLIS));
  }
}
