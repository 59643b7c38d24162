package io.chat.gateway.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The WebSocket message framer")
class MessageFramerTest {

  private final List<String> received = new ArrayList<>();
  private int oversized;
  private final MessageFramer framer = new MessageFramer(10, new MessageFramer.Sink() {
    @Override
    public void text(byte[] message) {
      received.add(new String(message, StandardCharsets.UTF_8));
    }

    @Override
    public void binary() {
      received.add("<binary>");
    }

    @Override
    public void oversized() {
      oversized++;
    }
  });

  @Test
  @DisplayName("hands over each text message whole, also when it comes in several frames, and skips control frames")
  void joinsFrames() {
    framer.frame(WebSocketFrame.textFrame("ab", true));
    framer.frame(WebSocketFrame.textFrame("cd", false));
    framer.frame(WebSocketFrame.pingFrame(Buffer.buffer("p")));
    framer.frame(WebSocketFrame.continuationFrame(Buffer.buffer("ef"), false));
    framer.frame(WebSocketFrame.continuationFrame(Buffer.buffer("gh"), true));
    assertEquals(List.of("ab", "cdefgh"), received);
  }

  @Test
  @DisplayName("drops one line end, \\n or \\r\\n, and keeps an empty message (it is no JSON object)")
  void lineEnd() {
    framer.frame(WebSocketFrame.textFrame("a\n", true));
    framer.frame(WebSocketFrame.textFrame("b\r\n", true));
    framer.frame(WebSocketFrame.textFrame("c\n\n", true));
    framer.frame(WebSocketFrame.textFrame("", true));
    assertEquals(List.of("a", "b", "c\n", ""), received);
  }

  @Test
  @DisplayName("reports a binary message as such, whatever its frames hold")
  void binary() {
    framer.frame(WebSocketFrame.binaryFrame(Buffer.buffer("{}"), false));
    framer.frame(WebSocketFrame.continuationFrame(Buffer.buffer("x"), true));
    assertEquals(List.of("<binary>"), received);
  }

  @Test
  @DisplayName("takes exactly the limit plus a line end, and reports one byte more once, ignoring what follows")
  void limit() {
    framer.frame(WebSocketFrame.textFrame("0123456789\r\n", true));
    framer.frame(WebSocketFrame.textFrame("0123456789A", true));
    framer.frame(WebSocketFrame.textFrame("later", true));
    assertEquals(List.of("0123456789"), received);
    assertEquals(1, oversized);
  }

  @Test
  @DisplayName("reports a message as soon as its frames pass the limit, before its last frame")
  void limitAcrossFrames() {
    framer.frame(WebSocketFrame.textFrame("012345", false));
    framer.frame(WebSocketFrame.continuationFrame(Buffer.buffer("6789ABC"), false));
    assertEquals(1, oversized);
    framer.frame(WebSocketFrame.continuationFrame(Buffer.buffer("}"), true));
    framer.frame(WebSocketFrame.binaryFrame(Buffer.buffer(new byte[11]), true));
    assertEquals(List.of(), received);
    assertEquals(1, oversized);
  }

  @Test
  @DisplayName("counts a frame the WebSocket layer refused as oversized, once")
  void refused() {
    framer.frame(WebSocketFrame.textFrame("ok", true));
    framer.refusedFrame();
    framer.refusedFrame();
    assertEquals(List.of("ok"), received);
    assertEquals(1, oversized);
  }
}
