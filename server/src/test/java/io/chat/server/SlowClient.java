package io.chat.server;

import io.chat.testkit.ClientTransport;
import io.chat.testkit.WebSocketCodec;
import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test client on a plain socket with a small receive buffer, that reads only when told to:
 * the client that stops reading, for the slow-consumer tests. Lines on TCP, text messages on
 * WebSocket.
 */
final class SlowClient {

  private final ClientTransport transport;
  private final Socket socket = new Socket();
  private final InputStream in;
  private final OutputStream out;
  private int id;
  private String name;
  private boolean closedByNode;

  SlowClient(int port) throws IOException {
    this(ClientTransport.TCP, port);
  }

  /** Connects to the node's port for this transport. */
  SlowClient(ClientTransport transport, int port) throws IOException {
    this.transport = transport;
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    socket.setSoTimeout(60_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    if (transport == ClientTransport.WEBSOCKET) {
      WebSocketCodec.handshake(in, out, "127.0.0.1", port, null);
    }
    readFrame();
  }

  int id() {
    return id;
  }

  String name() {
    return name;
  }

  /**
   * Whether the node closed this connection (seen by {@link #readToTheEnd}), with a bye the
   * client read, or cut off after its grace period.
   */
  boolean closedByNode() {
    return closedByNode;
  }

  void registerAndLogin(String name) throws IOException {
    this.name = name;
    id = request("register", name).getJsonObject("user").getInteger("id");
    request("login", name);
  }

  /** Logs in on this (new) connection and reads nothing after the reply: the reply. */
  JsonObject login(String name, String password) throws IOException {
    return request(new JsonObject().put("op", "login").put("name", name).put("password", password));
  }

  void close() throws IOException {
    socket.close();
  }

  /** Logs in on this (new) connection and reads the replayed messages; their ids. */
  List<String> loginAndReplay(String name) throws IOException {
    JsonObject login = request("login", name);
    Integer stored = login.getInteger("offline");
    if (stored == null) {
      throw new IOException("login refused: " + login.encode());
    }
    List<String> ids = new ArrayList<>();
    while (ids.size() < stored) {
      JsonObject line = new JsonObject(readFrame());
      if ("message".equals(line.getString("event"))) {
        ids.add(line.getString("msg_id"));
      }
    }
    socket.close();
    return ids;
  }

  /**
   * Reads what the connection holds: to its end if the node closed it (a slow consumer), or
   * until it stays quiet for two seconds if all the messages fit in the buffers on the way.
   * The ids of the messages in it.
   */
  List<String> readToTheEnd() throws IOException {
    List<String> ids = new ArrayList<>();
    socket.setSoTimeout(2000);
    try {
      String line;
      while ((line = readFrame()) != null) {
        JsonObject json = new JsonObject(line);
        if ("message".equals(json.getString("event"))) {
          ids.add(json.getString("msg_id"));
        }
      }
      closedByNode = true;
    } catch (SocketException cutOff) {
      closedByNode = true;
    } catch (SocketTimeoutException quiet) {
      // everything the node sent has been read
    }
    socket.close();
    return ids;
  }

  private JsonObject request(String op, String name) throws IOException {
    return request(new JsonObject().put("op", op).put("name", name).put("password", "secret1"));
  }

  private JsonObject request(JsonObject request) throws IOException {
    if (transport == ClientTransport.TCP) {
      out.write((request.encode() + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } else {
      WebSocketCodec.writeFrame(out, WebSocketCodec.TEXT, true, request.encode().getBytes(StandardCharsets.UTF_8));
    }
    while (true) {
      JsonObject line = new JsonObject(readFrame());
      if (!line.containsKey("event")) {
        return line;
      }
    }
  }

  /** The next frame the node wrote, or null at the end of the connection (on WebSocket, its close frame). */
  private String readFrame() throws IOException {
    if (transport == ClientTransport.TCP) {
      return SocketLines.readLine(in);
    }
    WebSocketCodec.Message message = WebSocketCodec.readMessage(in);
    return message == null || message.opcode() == WebSocketCodec.CLOSE ? null : message.text();
  }
}
