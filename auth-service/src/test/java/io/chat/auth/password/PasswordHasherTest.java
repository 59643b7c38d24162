package io.chat.auth.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ChatConfig;
import io.chat.common.config.ConfigLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The password hasher")
class PasswordHasherTest {

  private final PasswordHasher hasher = new PasswordHasher(1000);

  @Test
  @DisplayName("stores a self-describing salted hash, never the password")
  void format() {
    String stored = hasher.hash("correct horse");
    String[] parts = stored.split("\\$");
    assertEquals(4, parts.length);
    assertEquals("pbkdf2-sha256", parts[0]);
    assertEquals("1000", parts[1]);
    assertFalse(stored.contains("correct horse"));
    assertNotEquals(stored, hasher.hash("correct horse"), "each hash has its own salt");
  }

  @Test
  @DisplayName("verifies the right password only, in any script")
  void verify() {
    String stored = hasher.hash("pässwörd 密码 🔑");
    assertTrue(hasher.verify("pässwörd 密码 🔑", stored));
    assertFalse(hasher.verify("passwörd 密码 🔑", stored));
    assertFalse(hasher.verify("", stored));
    assertFalse(hasher.verify("anything", "plaintext"));
    assertFalse(hasher.verify("anything", "pbkdf2-sha256$x$y$z"));
  }

  @Test
  @DisplayName("verifies hashes made at another cost and says they need a new hash")
  void otherCost() {
    String old = new PasswordHasher(500).hash("secret1");
    assertTrue(hasher.verify("secret1", old));
    assertTrue(hasher.needsRehash(old));
    assertFalse(hasher.needsRehash(hasher.hash("secret1")));
  }

  @Test
  @DisplayName("defaults to OWASP's 600,000 iterations")
  void defaultCost() {
    assertEquals(600_000, new ChatConfig(ConfigLoader.defaults()).passwordIterations());
  }
}
