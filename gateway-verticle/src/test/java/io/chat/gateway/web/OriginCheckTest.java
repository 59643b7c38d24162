package io.chat.gateway.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The WebSocket origin check")
class OriginCheckTest {

  private final OriginCheck check = new OriginCheck(Set.of("https://app.example.com"));

  @Test
  @DisplayName("allows a handshake without Origin: no browser page is behind it")
  void noOrigin() {
    assertTrue(check.allows(null, "chat.example.com"));
    assertTrue(check.allows(null, null));
  }

  @Test
  @DisplayName("allows the node's own pages: the origin's host and port are the Host header, whatever the case and scheme")
  void ownPage() {
    assertTrue(check.allows("http://chat.example.com", "chat.example.com"));
    assertTrue(check.allows("https://Chat.Example.com", "chat.example.COM"));
    assertTrue(check.allows("http://127.0.0.1:6080", "127.0.0.1:6080"));
    assertFalse(check.allows("http://127.0.0.1:6081", "127.0.0.1:6080"));
    assertFalse(check.allows("http://chat.example.com.evil.example", "chat.example.com"));
    assertFalse(check.allows("http://chat.example.com", null));
  }

  @Test
  @DisplayName("allows the configured origins, and refuses every other, null included")
  void configured() {
    assertTrue(check.allows("https://APP.example.com", "chat.example.com"));
    assertFalse(check.allows("http://app.example.com", "chat.example.com"));
    assertFalse(check.allows("https://evil.example", "chat.example.com"));
    assertFalse(check.allows("null", "chat.example.com"));
    assertFalse(check.allows("", "chat.example.com"));
  }
}
