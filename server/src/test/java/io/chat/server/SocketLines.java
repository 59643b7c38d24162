package io.chat.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Line reading for the tests' blocking socket clients. */
final class SocketLines {

  private SocketLines() {
  }

  /**
   * The next whole line (without its line end), or null at the end of the stream. A line cut
   * off by the close is not a frame and is dropped.
   */
  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        return line.toString(StandardCharsets.UTF_8);
      }
      line.write(b);
    }
    return null;
  }
}
