package io.chat.push.provider;

import io.chat.common.config.ConfigException;
import io.chat.common.config.ConfigKeys;
import io.chat.common.config.PushSettings;
import io.chat.push.jwt.PemKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The senders of the providers that are configured. Their key files are read here, at start-up:
 * one that cannot be read or does not hold what it should fails the start with a
 * {@link ConfigException} naming its key.
 */
public final class Senders {

  private static final int APNS_KEY_BITS = 256;

  private Senders() {
  }

  public static Future<List<Sender>> start(Vertx vertx, PushSettings settings) {
    List<Sender> senders = new ArrayList<>();
    if (settings.webhookOn()) {
      senders.add(new WebhookSender(vertx, settings));
    }
    Future<Void> fcm = !settings.fcmOn() ? Future.succeededFuture()
        : read(vertx, ConfigKeys.FCM_CREDENTIALS, settings.fcmCredentials())
            .map(file -> senders.add(new FcmSender(vertx, settings, FcmCredentials.parse(file))))
            .mapEmpty();
    return fcm.compose(v -> !settings.apnsOn() ? Future.succeededFuture()
            : read(vertx, ConfigKeys.APNS_KEY_FILE, settings.apnsKeyFile())
                .map(file -> senders.add(new ApnsSender(vertx, settings, apnsKey(file))))
                .mapEmpty())
        .map(v -> List.copyOf(senders))
        .onFailure(failure -> senders.forEach(Sender::close));
  }

  private static Future<Buffer> read(Vertx vertx, String key, String path) {
    return vertx.fileSystem().readFile(path).recover(failure -> Future.failedFuture(
        new ConfigException(key, "names a file that cannot be read: " + path)));
  }

  /** Apple's .p8 file: an EC key on P-256, in PKCS#8 PEM. */
  private static PrivateKey apnsKey(Buffer file) {
    PrivateKey key;
    try {
      key = PemKeys.privateKey(file.toString(), "EC");
    } catch (IllegalArgumentException e) {
      throw new ConfigException(ConfigKeys.APNS_KEY_FILE, "names a file that " + e.getMessage());
    }
    if (((ECPrivateKey) key).getParams().getCurve().getField().getFieldSize() != APNS_KEY_BITS) {
      throw new ConfigException(ConfigKeys.APNS_KEY_FILE, "names a key that is not on the P-256 curve");
    }
    return key;
  }
}
