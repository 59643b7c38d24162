package io.chat.gateway.framing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The UTF-8 validator")
class Utf8Test {

  @Test
  @DisplayName("accepts ASCII and well-formed sequences of every length")
  void valid() {
    assertTrue(Utf8.isValid("plain".getBytes(StandardCharsets.UTF_8)));
    assertTrue(Utf8.isValid("é 中 🎉 \uFFFD \uD7FF \uE000".getBytes(StandardCharsets.UTF_8)));
    assertTrue(Utf8.isValid(new byte[] {(byte) 0xF4, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF}));
  }

  @Test
  @DisplayName("rejects stray, overlong, surrogate, truncated and out-of-range sequences")
  void invalid() {
    assertFalse(Utf8.isValid(new byte[] {(byte) 0x80}));
    assertFalse(Utf8.isValid(new byte[] {(byte) 0xC1, (byte) 0xBF}));
    assertFalse(Utf8.isValid(new byte[] {(byte) 0xE0, (byte) 0x9F, (byte) 0xBF}));
    assertFalse(Utf8.isValid(new byte[] {(byte) 0xED, (byte) 0xB0, (byte) 0x80}));
    assertFalse(Utf8.isValid(new byte[] {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF}));
    assertFalse(Utf8.isValid(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}));
    assertFalse(Utf8.isValid(new byte[] {'a', (byte) 0xE2, (byte) 0x82}));
    assertFalse(Utf8.isValid(new byte[] {(byte) 0xC3, 'a'}));
    assertFalse(Utf8.isValid(new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}));
  }
}
