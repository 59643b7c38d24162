package io.chat.server;

import static io.chat.server.Cluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.protocol.ErrorCode;
import io.chat.server.NodeHarness.User;
import io.chat.testkit.ClientTransport;
import io.chat.testkit.TestStores;
import io.chat.testkit.WebSocketCodec;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Thousands of generated bad frames against a node, over TCP and WebSocket: random bytes,
 * truncated and mutated valid requests, wrong types, huge numbers, deep nesting, invalid UTF-8.
 * Every frame gets one reply with a code of the contract (never internal) and the connection
 * stays open, the node stays up, and a normal client keeps chatting alongside.
 */
@DisplayName("A node, fuzzed with bad frames")
class FuzzEndToEndTest {

  private static final int FRAMES = 3000;
  private static final Set<String> CODES = Arrays.stream(ErrorCode.values())
      .map(ErrorCode::wireName).collect(Collectors.toSet());
  private static final List<String> VALID = List.of(
      "{\"op\":\"ping\",\"ref\":1}",
      "{\"op\":\"send\",\"to\":1,\"text\":\"hello\"}",
      "{\"op\":\"group_send\",\"group\":\"g\",\"text\":\"hi\"}",
      "{\"op\":\"friend_add\",\"name\":\"someone\"}",
      "{\"op\":\"group_create\",\"name\":\"team\",\"desc\":\"d\"}",
      "{\"op\":\"login\",\"name\":\"x\",\"password\":\"secret1\"}",
      "{\"op\":\"register\",\"name\":\"fuzz\",\"password\":\"secret1\"}",
      "{\"op\":\"group_members\",\"group\":7}");

  @RegisterExtension
  static TestStores stores = new TestStores();

  private static Vertx vertx;
  private static ChatNode node;

  @BeforeAll
  static void startNode() throws Exception {
    vertx = Vertx.vertx();
    node = NodeHarness.start(stores);
  }

  @AfterAll
  static void stopNode() throws Exception {
    NodeHarness.stop(node);
    await(vertx.close());
  }

  @OverEachTransport
  @DisplayName("answers every generated bad frame with a contract error, and keeps serving")
  void fuzz(ClientTransport transport) throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    User alice = await(NodeHarness.newUser(vertx, node, transport, "fa"));
    User bob = await(NodeHarness.newUser(vertx, node, transport, "fb"));
    await(NodeHarness.befriend(alice, bob));
    User fuzzer = await(NodeHarness.newUser(vertx, node, transport, "fz"));
    RawConnection raw = RawConnection.loggedIn(transport, NodeHarness.port(node, transport), fuzzer.name());
    for (int i = 0; i < FRAMES; i++) {
      byte[] frame = frame(random);
      JsonObject reply = raw.exchange(frame);
      String shown = "seed " + seed + ", frame " + new String(frame, StandardCharsets.ISO_8859_1) + " -> " + reply;
      assertNotNull(reply, "a bad frame never closes the connection: " + shown);
      assertTrue(reply.getValue("ok") instanceof Boolean, shown);
      if (!reply.getBoolean("ok")) {
        assertTrue(CODES.contains(reply.getString("error")), shown);
        assertNotEquals("internal", reply.getString("error"), shown);
      }
      if (i % 250 == 0) {
        await(alice.client().request("send", "to", bob.id(), "text", "still here " + i));
        assertEquals("still here " + i, await(bob.client().nextEvent("message")).getString("text"), "seed " + seed);
      }
    }
    assertTrue(await(alice.client().request("ping")).getBoolean("ok"));
    System.out.printf("fuzz: %d frames (seed %d)%n", FRAMES, seed);
  }

  @OverEachTransport
  @DisplayName("answers 200 bad frames in a row with 200 bad_json replies and keeps the connection open for the ping after them")
  void badLinesInARow(ClientTransport transport) throws Exception {
    User user = await(NodeHarness.newUser(vertx, node, transport, "fl"));
    RawConnection raw = RawConnection.loggedIn(transport, NodeHarness.port(node, transport), user.name());
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      lines.append("not json ").append(i).append('\n');
    }
    lines.append("{\"op\":\"ping\",\"ref\":\"after\"}\n");
    raw.write(lines.toString().getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 200; i++) {
      JsonObject reply = raw.read();
      assertNotNull(reply, "open after " + i + " bad lines");
      assertEquals("bad_json", reply.getString("error"), reply.encode());
      assertFalse(reply.containsKey("op") || reply.containsKey("ref"), reply.encode());
    }
    JsonObject pong = raw.read();
    assertTrue(pong.getBoolean("ok"), pong.encode());
    assertEquals("after", pong.getString("ref"));
  }

  @OverEachTransport
  @DisplayName("takes any JSON object as a request, however deep its unknown fields nest or long their names")
  void deepUnknownFields(ClientTransport transport) throws Exception {
    User user = await(NodeHarness.newUser(vertx, node, transport, "fd"));
    RawConnection raw = RawConnection.loggedIn(transport, NodeHarness.port(node, transport), user.name());
    JsonObject nested = raw.exchange(("{\"op\":\"ping\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}")
        .getBytes(StandardCharsets.UTF_8));
    assertTrue(nested.getBoolean("ok"), nested.encode());
    JsonObject longName = raw.exchange(("{\"op\":\"ping\",\"" + "n".repeat(60_000) + "\":0}")
        .getBytes(StandardCharsets.UTF_8));
    assertTrue(longName.getBoolean("ok"), longName.encode());
  }

  /** One bad (or odd) frame, without line ends, never empty, within the frame limit. */
  private static byte[] frame(Random random) {
    byte[] frame = switch (random.nextInt(8)) {
      case 0 -> randomBytes(random, 1 + random.nextInt(200));
      case 1 -> truncated(random);
      case 2 -> mutated(random);
      case 3 -> ("{\"op\":\"" + pick(random, "send", "friend_add", "group_join", "login", "register")
          + "\",\"to\":" + pick(random, "[1]", "{}", "null", "true", "1.5", "\"\"") + ",\"id\":"
          + pick(random, "\"7\"", "-1", "null", "[]", "1e3") + ",\"group\":" + pick(random, "false", "{}", "2.0")
          + ",\"text\":" + pick(random, "1", "[]", "null") + ",\"name\":" + pick(random, "0", "{}", "[\"a\"]") + "}")
          .getBytes(StandardCharsets.UTF_8);
      case 4 -> ("{\"op\":\"" + pick(random, "friend_add", "send", "group_members", "ping")
          + "\",\"id\":" + pick(random, "123456789012345678901234567890", "1e400", "-9223372036854775809",
          "99999999999") + ",\"to\":2147483648,\"ref\":" + pick(random, "1e999", "12345678901234567890123", "0.5")
          + "}").getBytes(StandardCharsets.UTF_8);
      case 5 -> nested(random);
      case 6 -> invalidUtf8(random);
      default -> ("{\"op\":" + pick(random, "\"nope\"", "1", "null", "\"\"", "\"PING\"", "\"ping \"") + ",\"ref\":\""
          + random.nextInt() + "\"}").getBytes(StandardCharsets.UTF_8);
    };
    for (int i = 0; i < frame.length; i++) {
      if (frame[i] == '\n' || frame[i] == '\r') {
        frame[i] = 'x';
      }
    }
    boolean blank = true;
    for (byte b : frame) {
      blank &= b == ' ' || b == '\t';
    }
    return blank ? new byte[] {'?'} : frame;
  }

  private static String pick(Random random, String... options) {
    return options[random.nextInt(options.length)];
  }

  private static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] truncated(Random random) {
    byte[] valid = pick(random, VALID.toArray(String[]::new)).getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1));
  }

  private static byte[] mutated(Random random) {
    byte[] frame = pick(random, VALID.toArray(String[]::new)).getBytes(StandardCharsets.UTF_8);
    for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
      frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
    }
    return frame;
  }

  private static byte[] nested(Random random) {
    int depth = 200 + random.nextInt(3000);
    String open = random.nextBoolean() ? "[" : "{\"a\":";
    String close = open.equals("[") ? "]" : "}";
    return ("{\"op\":\"ping\",\"x\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] invalidUtf8(Random random) {
    byte[][] bad = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF},
        {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x28, (byte) 0xA1}};
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.writeBytes("{\"op\":\"send\",\"to\":1,\"text\":\"".getBytes(StandardCharsets.UTF_8));
    frame.writeBytes(bad[random.nextInt(bad.length)]);
    frame.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
    return frame.toByteArray();
  }

  /**
   * A logged-in connection on a plain socket that sends one frame and reads its one reply: a line
   * on TCP, a text message on WebSocket.
   */
  private static final class RawConnection {
    private final ClientTransport transport;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawConnection(ClientTransport transport, int port) throws IOException {
      this.transport = transport;
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(10_000);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
      if (transport == ClientTransport.WEBSOCKET) {
        WebSocketCodec.handshake(in, out, "127.0.0.1", port, null);
      }
      readFrame();
    }

    static RawConnection loggedIn(ClientTransport transport, int port, String name) throws IOException {
      RawConnection connection = new RawConnection(transport, port);
      JsonObject login = connection.exchange(new JsonObject().put("op", "login").put("name", name)
          .put("password", NodeHarness.password(name)).encode().getBytes(StandardCharsets.UTF_8));
      if (login == null || !login.getBoolean("ok")) {
        throw new IllegalStateException("fuzz login failed: " + login);
      }
      return connection;
    }

    /** The reply to a frame (events skipped), or null when the node said bye and closed. */
    JsonObject exchange(byte[] frame) throws IOException {
      // One write per frame: a frame split from its line end would wait on Nagle and delayed ACKs.
      byte[] line = Arrays.copyOf(frame, frame.length + 1);
      line[frame.length] = '\n';
      return write(line) ? read() : null;
    }

    /**
     * Writes lines: on TCP the bytes as they are, on WebSocket each line as one text message;
     * false when the node had closed the connection.
     */
    boolean write(byte[] bytes) throws IOException {
      try {
        if (transport == ClientTransport.TCP) {
          out.write(bytes);
          out.flush();
          return true;
        }
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
          if (bytes[i] == '\n') {
            WebSocketCodec.writeFrame(out, WebSocketCodec.TEXT, true, Arrays.copyOfRange(bytes, start, i));
            start = i + 1;
          }
        }
        return true;
      } catch (SocketException closed) {
        socket.close();
        return false;
      }
    }

    /** The next reply (events skipped), or null when the node said bye and closed. */
    JsonObject read() throws IOException {
      while (true) {
        String frame = readFrame();
        if (frame == null) {
          return null;
        }
        JsonObject json = new JsonObject(frame);
        if ("bye".equals(json.getString("event"))) {
          socket.close();
          return null;
        }
        if (!json.containsKey("event")) {
          return json;
        }
      }
    }

    /** The next frame the node wrote, or null at the end (on WebSocket, its close frame). */
    private String readFrame() throws IOException {
      if (transport == ClientTransport.TCP) {
        return SocketLines.readLine(in);
      }
      WebSocketCodec.Message message = WebSocketCodec.readMessage(in);
      return message == null || message.opcode() == WebSocketCodec.CLOSE ? null : message.text();
    }
  }
}
