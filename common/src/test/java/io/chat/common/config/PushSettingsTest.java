package io.chat.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The push settings")
class PushSettingsTest {

  private static PushSettings with(Object... settings) {
    JsonObject json = ConfigLoader.defaults();
    for (int i = 0; i + 1 < settings.length; i += 2) {
      json.put((String) settings[i], settings[i + 1]);
    }
    return new ChatConfig(json).push();
  }

  private static String refusal(Object... settings) {
    return assertThrows(ConfigException.class, () -> with(settings)).getMessage();
  }

  @Test
  @DisplayName("leave every provider off until its settings are given, and previews on")
  void defaults() {
    PushSettings push = with();
    assertFalse(push.webhookOn());
    assertFalse(push.fcmOn());
    assertFalse(push.apnsOn());
    assertTrue(push.preview());
    assertEquals("https://fcm.googleapis.com", push.fcmEndpoint());
    assertEquals("https://api.push.apple.com", push.apnsEndpoint());
  }

  @Test
  @DisplayName("turn a provider on with its settings, endpoints without a trailing slash")
  void on() {
    PushSettings push = with(ConfigKeys.PUSH_WEBHOOK_URL, "https://hooks.example.com/chat",
        ConfigKeys.PUSH_WEBHOOK_SECRET, "s", ConfigKeys.FCM_CREDENTIALS, "/etc/chat/fcm.json",
        ConfigKeys.FCM_ENDPOINT, "http://127.0.0.1:9000/", ConfigKeys.APNS_KEY_FILE, "/etc/chat/AuthKey.p8",
        ConfigKeys.APNS_KEY_ID, "K", ConfigKeys.APNS_TEAM_ID, "T", ConfigKeys.APNS_TOPIC, "io.chat.app",
        ConfigKeys.PUSH_PREVIEW, "false");
    assertTrue(push.webhookOn());
    assertTrue(push.fcmOn());
    assertTrue(push.apnsOn());
    assertFalse(push.preview());
    assertEquals("http://127.0.0.1:9000", push.fcmEndpoint());
  }

  @Test
  @DisplayName("refuse settings that go together given alone, naming the key")
  void together() {
    assertTrue(refusal(ConfigKeys.PUSH_WEBHOOK_URL, "https://hooks.example.com/chat")
        .startsWith("CHAT_PUSH_WEBHOOK_URL and CHAT_PUSH_WEBHOOK_SECRET go together"));
    assertTrue(refusal(ConfigKeys.PUSH_WEBHOOK_SECRET, "s").startsWith("CHAT_PUSH_WEBHOOK_URL "));
    assertTrue(refusal(ConfigKeys.APNS_KEY_FILE, "/etc/chat/AuthKey.p8", ConfigKeys.APNS_KEY_ID, "K",
        ConfigKeys.APNS_TOPIC, "io.chat.app").startsWith("CHAT_APNS_TEAM_ID is not set"));
    assertTrue(refusal(ConfigKeys.APNS_TOPIC, "io.chat.app").startsWith("CHAT_APNS_KEY_FILE is not set"));
  }

  @Test
  @DisplayName("refuse a URL that is not http(s) and numbers out of range, naming the key")
  void badValues() {
    assertTrue(refusal(ConfigKeys.PUSH_WEBHOOK_URL, "hooks.example.com", ConfigKeys.PUSH_WEBHOOK_SECRET, "s")
        .startsWith("CHAT_PUSH_WEBHOOK_URL must be a http:// or https:// URI"));
    assertTrue(refusal(ConfigKeys.APNS_ENDPOINT, "api.push.apple.com").startsWith("CHAT_APNS_ENDPOINT "));
    assertTrue(refusal(ConfigKeys.PUSH_QUEUE, 0).startsWith("CHAT_PUSH_QUEUE "));
    assertTrue(refusal(ConfigKeys.PUSH_RETRIES, 11).startsWith("CHAT_PUSH_RETRIES "));
    assertTrue(refusal(ConfigKeys.PUSH_PREVIEW, "maybe").startsWith("CHAT_PUSH_PREVIEW "));
  }
}
