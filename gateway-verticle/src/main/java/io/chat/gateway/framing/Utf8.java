package io.chat.gateway.framing;

/**
 * Strict UTF-8 validation (RFC 3629): no overlong forms, no encoded surrogates, nothing above
 * U+10FFFF. JSON parsers accept some of these, and MySQL would then refuse or mangle them.
 */
public final class Utf8 {

  private Utf8() {
  }

  public static boolean isValid(byte[] bytes) {
    int i = 0;
    int n = bytes.length;
    while (i < n) {
      int b = bytes[i];
      if (b >= 0) {
        i++;
        continue;
      }
      b &= 0xFF;
      if (b >= 0xC2 && b <= 0xDF) {
        if (!continuation(bytes, i + 1, n)) {
          return false;
        }
        i += 2;
      } else if (b >= 0xE0 && b <= 0xEF) {
        if (i + 2 >= n) {
          return false;
        }
        int b1 = bytes[i + 1] & 0xFF;
        if ((b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 > 0x9F)
            || !continuation(bytes, i + 1, n) || !continuation(bytes, i + 2, n)) {
          return false;
        }
        i += 3;
      } else if (b >= 0xF0 && b <= 0xF4) {
        if (i + 3 >= n) {
          return false;
        }
        int b1 = bytes[i + 1] & 0xFF;
        if ((b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 > 0x8F)
            || !continuation(bytes, i + 1, n) || !continuation(bytes, i + 2, n)
            || !continuation(bytes, i + 3, n)) {
          return false;
        }
        i += 4;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean continuation(byte[] bytes, int index, int n) {
    return index < n && (bytes[index] & 0xC0) == 0x80;
  }
}
