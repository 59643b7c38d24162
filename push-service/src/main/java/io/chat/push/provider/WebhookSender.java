package io.chat.push.provider;

import io.chat.common.bus.push.Provider;
import io.chat.common.config.PushSettings;
import io.chat.push.Notification;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts each notification as JSON to the configured URL, signed with the shared secret:
 * {@code X-Chat-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>}. A 410 answer means the
 * device's token is gone.
 */
public final class WebhookSender implements Sender {

  public static final String SIGNATURE_HEADER = "X-Chat-Signature";
  private static final String HMAC = "HmacSHA256";
  private static final int GONE = 410;

  private final HttpClient client;
  private final String url;
  private final SecretKeySpec key;
  private final long timeoutMillis;

  WebhookSender(Vertx vertx, PushSettings settings) {
    this.client = Exchange.http1(vertx, settings);
    this.url = settings.webhookUrl();
    this.key = new SecretKeySpec(settings.webhookSecret().getBytes(StandardCharsets.UTF_8), HMAC);
    this.timeoutMillis = settings.timeoutMillis();
  }

  @Override
  public Provider provider() {
    return Provider.WEBHOOK;
  }

  @Override
  public Future<Outcome> send(Notification notification) {
    Buffer body = body(notification).toBuffer();
    RequestOptions request = Exchange.post(url, timeoutMillis)
        .putHeader("content-type", "application/json")
        .putHeader(SIGNATURE_HEADER, "sha256=" + HexFormat.of().formatHex(sign(body.getBytes())));
    return Exchange.exchange(client, request, sending -> sending.send(body))
        .map(answer -> answer.status() == GONE ? Outcome.GONE : Outcomes.ofStatus(answer.status()));
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }

  /** {@code {user, token, conv, seq, msg_id, from, group (group messages), text (the preview), ts}}. */
  static JsonObject body(Notification notification) {
    JsonObject body = new JsonObject()
        .put("user", notification.user().toJson())
        .put("token", notification.device().token())
        .put("conv", notification.conv())
        .put("seq", notification.seq())
        .put("msg_id", notification.msgId())
        .put("from", notification.from().toJson());
    if (notification.group() != null) {
      body.put("group", notification.group().toJson());
    }
    if (notification.body() != null) {
      body.put("text", notification.body());
    }
    return body.put("ts", notification.ts());
  }

  private byte[] sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has " + HMAC, e);
    }
  }
}
