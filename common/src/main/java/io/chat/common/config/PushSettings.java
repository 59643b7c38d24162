package io.chat.common.config;

/**
 * The push service's part of the configuration. Each provider is off until its settings are
 * there; settings that only make sense together are refused when only some are given. The
 * credentials files are read by the push service when it starts (a file that does not parse
 * stops the node there, naming its key).
 */
public final class PushSettings {

  private final boolean preview;
  private final int queueSize;
  private final int concurrency;
  private final long timeoutMillis;
  private final int retries;
  private final long backoffMillis;
  private final String webhookUrl;
  private final String webhookSecret;
  private final String fcmCredentials;
  private final String fcmEndpoint;
  private final String apnsKeyFile;
  private final String apnsKeyId;
  private final String apnsTeamId;
  private final String apnsTopic;
  private final String apnsEndpoint;

  PushSettings(ConfigReader read) {
    preview = read.bool(ConfigKeys.PUSH_PREVIEW);
    queueSize = read.integer(ConfigKeys.PUSH_QUEUE, 1, 10_000_000);
    concurrency = read.integer(ConfigKeys.PUSH_CONCURRENCY, 1, 10_000);
    timeoutMillis = read.longValue(ConfigKeys.PUSH_TIMEOUT, 100, 600_000);
    retries = read.integer(ConfigKeys.PUSH_RETRIES, 0, 10);
    backoffMillis = read.longValue(ConfigKeys.PUSH_BACKOFF, 1, 600_000);
    webhookUrl = read.string(ConfigKeys.PUSH_WEBHOOK_URL).isEmpty() ? ""
        : read.uri(ConfigKeys.PUSH_WEBHOOK_URL, "http", "https");
    webhookSecret = read.string(ConfigKeys.PUSH_WEBHOOK_SECRET);
    if (webhookUrl.isEmpty() != webhookSecret.isEmpty()) {
      throw new ConfigException(ConfigKeys.PUSH_WEBHOOK_URL, "and " + ConfigKeys.PUSH_WEBHOOK_SECRET
          + " go together: set both for webhook pushes, or neither");
    }
    fcmCredentials = read.string(ConfigKeys.FCM_CREDENTIALS);
    fcmEndpoint = endpoint(read, ConfigKeys.FCM_ENDPOINT);
    apnsKeyFile = read.string(ConfigKeys.APNS_KEY_FILE);
    apnsKeyId = read.string(ConfigKeys.APNS_KEY_ID);
    apnsTeamId = read.string(ConfigKeys.APNS_TEAM_ID);
    apnsTopic = read.string(ConfigKeys.APNS_TOPIC);
    apnsEndpoint = endpoint(read, ConfigKeys.APNS_ENDPOINT);
    checkAllOrNone(read, ConfigKeys.APNS_KEY_FILE, ConfigKeys.APNS_KEY_ID, ConfigKeys.APNS_TEAM_ID,
        ConfigKeys.APNS_TOPIC);
  }

  /** Whether notifications carry the first characters of the text ({@code CHAT_PUSH_PREVIEW}). */
  public boolean preview() {
    return preview;
  }

  /** Notifications that may wait for each provider; past it they are dropped (and counted). */
  public int queueSize() {
    return queueSize;
  }

  /** Notifications each provider sends at once. */
  public int concurrency() {
    return concurrency;
  }

  /** How long one attempt may take (connecting, or waiting for the next bytes of the answer). */
  public long timeoutMillis() {
    return timeoutMillis;
  }

  /** Attempts after the first one, for a timeout or an answer that says to try again later. */
  public int retries() {
    return retries;
  }

  /** The wait before the first retry; it doubles for each further one. */
  public long backoffMillis() {
    return backoffMillis;
  }

  public boolean webhookOn() {
    return !webhookUrl.isEmpty();
  }

  public String webhookUrl() {
    return webhookUrl;
  }

  public String webhookSecret() {
    return webhookSecret;
  }

  public boolean fcmOn() {
    return !fcmCredentials.isEmpty();
  }

  /** The Google service-account JSON file. */
  public String fcmCredentials() {
    return fcmCredentials;
  }

  /** FCM's base URL, without a trailing slash. */
  public String fcmEndpoint() {
    return fcmEndpoint;
  }

  public boolean apnsOn() {
    return !apnsKeyFile.isEmpty();
  }

  /** The .p8 file: the token-signing key (EC P-256, PKCS#8 PEM). */
  public String apnsKeyFile() {
    return apnsKeyFile;
  }

  public String apnsKeyId() {
    return apnsKeyId;
  }

  public String apnsTeamId() {
    return apnsTeamId;
  }

  /** The app's bundle id. */
  public String apnsTopic() {
    return apnsTopic;
  }

  /** APNs' base URL, without a trailing slash: {@code http://} is HTTP/2 over cleartext. */
  public String apnsEndpoint() {
    return apnsEndpoint;
  }

  private static String endpoint(ConfigReader read, String key) {
    return read.uri(key, "http", "https").replaceFirst("/+$", "");
  }

  private static void checkAllOrNone(ConfigReader read, String... keys) {
    boolean any = false;
    for (String key : keys) {
      any |= !read.string(key).isEmpty();
    }
    if (!any) {
      return;
    }
    for (String key : keys) {
      if (read.string(key).isEmpty()) {
        throw new ConfigException(key, "is not set: " + String.join(", ", keys)
            + " go together, set all of them or none");
      }
    }
  }
}
