package io.chat.common.protocol;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The protocol limits")
class LimitsTest {

  private final Limits limits = new Limits(50, 6, 128, 200, 4000);

  @Test
  @DisplayName("count names in characters of any script, up to 50")
  void nameLength() {
    assertDoesNotThrow(() -> limits.checkName("a", ErrorCode.INVALID_NAME));
    assertDoesNotThrow(() -> limits.checkName("名".repeat(50), ErrorCode.INVALID_NAME));
    assertDoesNotThrow(() -> limits.checkName("🎉".repeat(50), ErrorCode.INVALID_NAME));
    assertDoesNotThrow(() -> limits.checkName("👩\u200D💻", ErrorCode.INVALID_NAME));
    // Newer than this Java's Unicode tables, and a private-use character: still no space or control.
    assertDoesNotThrow(() -> limits.checkName("melt\uD83E\uDEE0", ErrorCode.INVALID_NAME));
    assertDoesNotThrow(() -> limits.checkName("a\uE000", ErrorCode.INVALID_NAME));
    assertRefused(ErrorCode.INVALID_NAME, () -> limits.checkName("", ErrorCode.INVALID_NAME));
    assertRefused(ErrorCode.INVALID_NAME, () -> limits.checkName("x".repeat(51), ErrorCode.INVALID_NAME));
    assertRefused(ErrorCode.INVALID_NAME, () -> limits.checkName("🎉".repeat(51), ErrorCode.INVALID_NAME));
  }

  @Test
  @DisplayName("refuse whitespace, control characters and lone surrogates in names")
  void nameCharacters() {
    for (String bad : new String[] {"a b", "a\tb", "a\nb", "a\u0000b", "a\u00A0b", "a\u2003b", "a\u200Bb",
        "a\u007Fb", "a\uD800b", "\uDC00"}) {
      assertRefused(ErrorCode.INVALID_NAME, () -> limits.checkName(bad, ErrorCode.INVALID_NAME));
    }
  }

  @Test
  @DisplayName("reports a bad group name with the code it is given")
  void nameCode() {
    assertRefused(ErrorCode.BAD_REQUEST, () -> limits.checkName("a b", ErrorCode.BAD_REQUEST));
  }

  @Test
  @DisplayName("want passwords of 6 to 128 characters")
  void password() {
    assertDoesNotThrow(() -> limits.checkPassword("secret"));
    assertDoesNotThrow(() -> limits.checkPassword("p".repeat(128)));
    assertDoesNotThrow(() -> limits.checkPassword("with spaces ok"));
    assertRefused(ErrorCode.INVALID_PASSWORD, () -> limits.checkPassword("short"));
    assertRefused(ErrorCode.INVALID_PASSWORD, () -> limits.checkPassword("p".repeat(129)));
    assertRefused(ErrorCode.INVALID_PASSWORD, () -> limits.checkPassword("abcde\uD800"));
  }

  @Test
  @DisplayName("want texts of 1 to 4,000 characters and descriptions of at most 200")
  void textAndDesc() {
    assertDoesNotThrow(() -> limits.checkText("x"));
    assertDoesNotThrow(() -> limits.checkText("😀".repeat(4000)));
    assertRefused(ErrorCode.INVALID_TEXT, () -> limits.checkText(""));
    assertRefused(ErrorCode.INVALID_TEXT, () -> limits.checkText("x".repeat(4001)));
    assertRefused(ErrorCode.INVALID_TEXT, () -> limits.checkText("broken \uDBFF"));
    assertDoesNotThrow(() -> limits.checkDesc(""));
    assertDoesNotThrow(() -> limits.checkDesc("d".repeat(200)));
    assertRefused(ErrorCode.BAD_REQUEST, () -> limits.checkDesc("d".repeat(201)));
  }

  @Test
  @DisplayName("say that a lone surrogate is the fault, not the length, with each field's code")
  void loneSurrogateMessage() {
    for (ChatException refused : new ChatException[] {
        assertThrows(ChatException.class, () -> limits.checkText("a\uD800b")),
        assertThrows(ChatException.class, () -> limits.checkName("a\uDC00", ErrorCode.INVALID_NAME)),
        assertThrows(ChatException.class, () -> limits.checkPassword("secret\uD800")),
        assertThrows(ChatException.class, () -> limits.checkCid("c\uD800")),
        assertThrows(ChatException.class, () -> Limits.checkPushToken("t\uD800"))}) {
      assertTrue(refused.getMessage().contains("lone UTF-16 surrogate"), refused.getMessage());
    }
    assertEquals(ErrorCode.INVALID_TEXT, assertThrows(ChatException.class, () -> limits.checkText("\uD800")).code());
    assertEquals(ErrorCode.BAD_REQUEST, assertThrows(ChatException.class, () -> limits.checkCid("\uD800")).code());
  }

  private static void assertRefused(ErrorCode expected, org.junit.jupiter.api.function.Executable check) {
    assertEquals(expected, assertThrows(ChatException.class, check).code());
  }
}
