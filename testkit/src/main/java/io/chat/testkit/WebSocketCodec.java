package io.chat.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * The client side of WebSocket (RFC 6455) on plain streams, for tests that must see what a
 * client sends and gets byte for byte: the handshake, masked frames out (any opcode, split as the
 * test likes), and whole messages in.
 */
public final class WebSocketCodec {

  /** The path the node serves WebSocket at. */
  public static final String PATH = "/ws";

  public static final int CONTINUATION = 0x0;
  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CLOSE = 0x8;
  private static final int PING = 0x9;
  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebSocketCodec() {
  }

  /** A handshake the server answered with another status than 101. */
  public static final class RefusedHandshake extends IOException {
    private final int status;

    RefusedHandshake(int status, String line) {
      super("WebSocket handshake refused: " + line);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /**
   * A whole message: a text or binary message's payload, or the close frame's status code.
   *
   * @param opcode {@link #TEXT}, {@link #BINARY} or {@link #CLOSE}
   */
  public record Message(int opcode, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** A close frame's status code, or -1 when it has none. */
    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
    }
  }

  /**
   * Upgrades a connection: sends the handshake (with this {@code Origin}, or none when null) and
   * reads the answer; fails with {@link RefusedHandshake} when the server does not switch.
   */
  public static void handshake(InputStream in, OutputStream out, String host, int port, String origin)
      throws IOException {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    StringBuilder request = new StringBuilder()
        .append("GET ").append(PATH).append(" HTTP/1.1\r\n")
        .append("Host: ").append(host).append(':').append(port).append("\r\n")
        .append("Upgrade: websocket\r\n")
        .append("Connection: Upgrade\r\n")
        .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
        .append("Sec-WebSocket-Version: 13\r\n");
    if (origin != null) {
      request.append("Origin: ").append(origin).append("\r\n");
    }
    out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = headLine(in);
    String accept = null;
    for (String header = headLine(in); !header.isEmpty(); header = headLine(in)) {
      int colon = header.indexOf(':');
      if (colon > 0 && header.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-accept")) {
        accept = header.substring(colon + 1).trim();
      }
    }
    String[] parts = status.split(" ", 3);
    int code = parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
    if (code != 101) {
      throw new RefusedHandshake(code, status);
    }
    if (!acceptFor(key).equals(accept)) {
      throw new IOException("wrong Sec-WebSocket-Accept " + accept + " for key " + key);
    }
  }

  /** One masked frame, as every client frame must be. */
  public static void writeFrame(OutputStream out, int opcode, boolean fin, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write((fin ? 0x80 : 0) | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length < 65_536) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >>> shift));
      }
    }
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i & 3]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /** The next whole message (pings and pongs skipped), or null at the end of the stream. */
  public static Message readMessage(InputStream in) throws IOException {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    int messageType = -1;
    while (true) {
      int first = in.read();
      if (first < 0) {
        return null;
      }
      int second = readByte(in);
      boolean fin = (first & 0x80) != 0;
      int opcode = first & 0x0F;
      long length = second & 0x7F;
      if (length == 126) {
        length = (readByte(in) << 8) | readByte(in);
      } else if (length == 127) {
        length = 0;
        for (int i = 0; i < 8; i++) {
          length = (length << 8) | readByte(in);
        }
      }
      byte[] mask = (second & 0x80) != 0 ? in.readNBytes(4) : null;
      byte[] payload = in.readNBytes((int) length);
      if (payload.length < length) {
        return null;
      }
      if (mask != null) {
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= mask[i & 3];
        }
      }
      if (opcode == CLOSE) {
        return new Message(CLOSE, payload);
      }
      if (opcode >= PING) {
        continue;
      }
      if (opcode != CONTINUATION) {
        messageType = opcode;
      }
      message.write(payload);
      if (fin) {
        return new Message(messageType, message.toByteArray());
      }
    }
  }

  private static int readByte(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("the stream ended inside a frame");
    }
    return b;
  }

  private static String headLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = readByte(in); b != '\n'; b = readByte(in)) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private static String acceptFor(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
