package io.chat.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The socket under a {@link LineClient}, framed as its transport frames: lines on TCP, text
 * messages on WebSocket. Reading runs on one thread; writes may come from another, so each
 * write is one synchronized call that puts whole frames on the stream.
 */
abstract class ClientWire {

  protected final Socket socket;
  protected final InputStream in;
  protected final OutputStream out;

  private ClientWire(Socket socket, InputStream in) throws IOException {
    this.socket = socket;
    this.in = in;
    this.out = socket.getOutputStream();
  }

  /** Connects as the endpoint says (and upgrades to WebSocket when it says so). */
  static ClientWire open(ClientEndpoint endpoint) throws IOException {
    Socket socket = endpoint.tls() == null ? new Socket() : endpoint.tls().getSocketFactory().createSocket();
    try {
      socket.setTcpNoDelay(true);
      if (endpoint.from() != null) {
        socket.bind(new InetSocketAddress(endpoint.from(), 0));
      }
      socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 5000);
      if (endpoint.transport() == ClientTransport.TCP) {
        return new Lines(socket);
      }
      InputStream in = new BufferedInputStream(socket.getInputStream());
      WebSocketCodec.handshake(in, socket.getOutputStream(), endpoint.host(), endpoint.port(), endpoint.origin());
      return new Messages(socket, in);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Hands each frame the server writes to the consumer, until the connection ends. */
  abstract void read(Consumer<String> frames) throws IOException;

  /** One request: a line, or a text message. */
  abstract void request(String json) throws IOException;

  /** Raw bytes as a test wrote them (see {@link LineClient#sendRaw(io.vertx.core.buffer.Buffer)}). */
  abstract void raw(byte[] data) throws IOException;

  /** WebSocket only: one message in frames of these opcodes and payloads. */
  void frames(int[] opcodes, byte[][] payloads) throws IOException {
    throw new IllegalStateException("WebSocket frames on a TCP client");
  }

  void close() throws IOException {
    socket.close();
  }

  /** Newline-delimited JSON over TCP. */
  private static final class Lines extends ClientWire {

    Lines(Socket socket) throws IOException {
      super(socket, socket.getInputStream());
    }

    @Override
    void read(Consumer<String> frames) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      byte[] chunk = new byte[65536];
      int read;
      while ((read = in.read(chunk)) >= 0) {
        for (int i = 0; i < read; i++) {
          if (chunk[i] == '\n') {
            frames.accept(line.toString(StandardCharsets.UTF_8));
            line.reset();
          } else {
            line.write(chunk[i]);
          }
        }
      }
    }

    @Override
    void request(String json) throws IOException {
      raw((json + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    synchronized void raw(byte[] data) throws IOException {
      out.write(data);
      out.flush();
    }
  }

  /** JSON text messages over WebSocket. */
  private static final class Messages extends ClientWire {

    Messages(Socket socket, InputStream in) throws IOException {
      super(socket, in);
    }

    /** Text messages until the server closes; its close frame is answered with one, as the closing handshake asks. */
    @Override
    void read(Consumer<String> frames) throws IOException {
      WebSocketCodec.Message message;
      while ((message = WebSocketCodec.readMessage(in)) != null) {
        if (message.opcode() == WebSocketCodec.CLOSE) {
          byte[] status = message.payload().length >= 2 ? Arrays.copyOf(message.payload(), 2) : new byte[0];
          frames(new int[] {WebSocketCodec.CLOSE}, new byte[][] {status});
        } else {
          frames.accept(message.opcode() == WebSocketCodec.TEXT ? message.text()
              : "<binary message of " + message.payload().length + " bytes>");
        }
      }
    }

    @Override
    void request(String json) throws IOException {
      frames(new int[] {WebSocketCodec.TEXT}, new byte[][] {json.getBytes(StandardCharsets.UTF_8)});
    }

    /** Each line as one text message of its bytes (those after the last line end too); none for an empty line. */
    @Override
    synchronized void raw(byte[] data) throws IOException {
      int start = 0;
      for (int i = 0; i <= data.length; i++) {
        if (i == data.length || data[i] == '\n') {
          if (i > start) {
            WebSocketCodec.writeFrame(out, WebSocketCodec.TEXT, true, Arrays.copyOfRange(data, start, i));
          }
          start = i + 1;
        }
      }
    }

    @Override
    synchronized void frames(int[] opcodes, byte[][] payloads) throws IOException {
      for (int i = 0; i < opcodes.length; i++) {
        WebSocketCodec.writeFrame(out, opcodes[i], i == opcodes.length - 1, payloads[i]);
      }
    }
  }
}
