package io.chat.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.chat.cli.TestNode;
import io.chat.cli.connection.Endpoint;
import io.chat.common.config.ConfigKeys;
import io.chat.server.ChatNode;
import io.chat.testkit.LineClient;
import io.chat.testkit.TestPorts;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The shell")
@ExtendWith(VertxExtension.class)
class ChatShellTest {

  @RegisterExtension
  static TestStores stores = new TestStores();

  @Test
  @DisplayName("connects again when its node goes away and comes back, and logs the user in again with its token, not the password")
  void reconnects(Vertx vertx) throws Exception {
    int port = TestPorts.free();
    ChatNode first = TestNode.start(stores, ConfigKeys.PORT, port);
    PipedOutputStream typing = new PipedOutputStream();
    Lines output = new Lines();
    CompletableFuture<Integer> exit = runShell(vertx, port, typing, output);
    String name = "sh" + UUID.randomUUID().toString().substring(0, 8);
    ChatNode second = null;
    try {
      type(typing, "/register " + name + " secret-pw");
      output.await("registered " + name);
      type(typing, "/login " + name + " secret-pw");
      output.await("logged in as " + name);
      lockPasswordLogins(vertx, port, name);
      TestNode.stop(first);
      output.await("* the server is closing the connection: the server is shutting down");
      output.await("* disconnected; connecting again");
      second = TestNode.start(stores, ConfigKeys.PORT, port);
      output.await("logged in as " + name);
      type(typing, "/ping");
      output.await("pong");
      typing.close();
      assertEquals(0, exit.get(30, TimeUnit.SECONDS));
    } finally {
      TestNode.stop(second);
    }
  }

  @Test
  @DisplayName("counts what the user sent as read: it acknowledges their own messages, which /conversations then does not list as unread")
  void ownMessagesRead(Vertx vertx) throws Exception {
    ChatNode node = TestNode.start(stores);
    try {
      CrewShell shell = crewShell(vertx, node, "om");
      PipedOutputStream typing = shell.typing();
      Lines output = shell.output();
      String name = shell.name();
      type(typing, "/g crew-" + name + " one");
      type(typing, "two");
      // Acknowledged within a second (the shell acknowledges twice a second); asked until then.
      String listed = "";
      for (int attempt = 0; attempt < 20; attempt++) {
        Thread.sleep(250);
        type(typing, "/conversations");
        output.await("conversations:");
        listed = output.next();
        if (!listed.contains("unread")) {
          break;
        }
      }
      assertTrue(listed.startsWith("  [crew-" + name + "], last message "), listed);
      assertFalse(listed.contains("unread"), listed);
      typing.close();
      assertEquals(0, shell.exit().get(30, TimeUnit.SECONDS));
    } finally {
      TestNode.stop(node);
    }
  }

  @Test
  @DisplayName("keeps sending plain lines where the last accepted /g went when a /msg or /g is refused")
  void refusedTarget(Vertx vertx) throws Exception {
    ChatNode node = TestNode.start(stores);
    try {
      CrewShell shell = crewShell(vertx, node, "rt");
      PipedOutputStream typing = shell.typing();
      Lines output = shell.output();
      String name = shell.name();
      type(typing, "/g crew-" + name + " hi");
      for (String refused : new String[] {"/msg nobody-" + name + " hi", "/g nogroup-" + name + " hi"}) {
        type(typing, refused);
        output.await("error: ");
        type(typing, "still for the crew");
        type(typing, "/ping");
        assertEquals("pong", output.next(), "after " + refused);
      }
      typing.close();
      assertEquals(0, shell.exit().get(30, TimeUnit.SECONDS));
    } finally {
      TestNode.stop(node);
    }
  }

  @Test
  @DisplayName("shows the plain logged-out prompt after /logout on a terminal, with nothing left of the old one")
  void logoutPrompt(Vertx vertx, @TempDir Path home) throws Exception {
    ChatNode node = TestNode.start(stores);
    Screen screen = new Screen();
    ChatShell shell = ChatShell.onTerminal(vertx, Endpoint.plain("127.0.0.1", node.port()), screen.terminal(),
        home.resolve(".chat-cli_history"));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(shell::run);
    String name = "lo" + UUID.randomUUID().toString().substring(0, 8);
    String crew = "cr" + UUID.randomUUID().toString().substring(0, 8);
    try {
      screen.await("type /help for the commands, /quit to leave", ">");
      screen.type("/register " + name + " secret-pw");
      screen.awaitRowStarting("registered " + name);
      screen.type("/login " + name + " secret-pw");
      screen.await(name + ">");
      screen.type("/create " + crew);
      screen.awaitRowStarting("created group [" + crew + "]");
      screen.type("/g " + crew + " hi");
      screen.await(name + " -> [" + crew + "]>");
      screen.type("/logout");
      screen.await("logged out", ">");
      screen.type("/quit");
      assertEquals(0, exit.get(30, TimeUnit.SECONDS));
    } finally {
      TestNode.stop(node);
    }
  }

  @Test
  @DisplayName("acknowledges what it showed: the next login replays none of it, and a message it never showed comes again")
  void acknowledges(Vertx vertx) throws Exception {
    ChatNode node = TestNode.start(stores);
    PipedOutputStream typing = new PipedOutputStream();
    Lines output = new Lines();
    CompletableFuture<Integer> exit = runShell(vertx, node.port(), typing, output);
    String name = "ak" + UUID.randomUUID().toString().substring(0, 8);
    String friend = "fr" + UUID.randomUUID().toString().substring(0, 8);
    try {
      LineClient sender = await(LineClient.connect(vertx, node.port()));
      assertTrue(await(sender.request("register", "name", friend, "password", "secret-pw")).getBoolean("ok"));
      type(typing, "/register " + name + " secret-pw");
      output.await("registered " + name);
      type(typing, "/login " + name + " secret-pw");
      output.await("logged in as " + name);
      assertTrue(await(sender.request("login", "name", friend, "password", "secret-pw")).getBoolean("ok"));
      assertTrue(await(sender.request("friend_add", "name", name)).getBoolean("ok"));
      assertTrue(await(sender.request("send", "to", name, "text", "shown once")).getBoolean("ok"));
      output.awaitContaining(friend + ": shown once");
      typing.close();
      assertEquals(0, exit.get(30, TimeUnit.SECONDS));
      // The shell logged in acknowledging: only its acks moved the cursor.
      assertTrue(await(sender.request("send", "to", name, "text", "never shown")).getBoolean("ok"));
      LineClient again = await(LineClient.connect(vertx, node.port()));
      JsonObject login = await(again.request("login", "name", name, "password", "secret-pw", "ack", true));
      assertEquals(1, login.getInteger("offline"), login.encode());
      assertEquals("never shown", await(again.nextEvent("message")).getString("text"));
    } finally {
      TestNode.stop(node);
    }
  }

  /** Five wrong passwords: password logins for the name are refused (rate_limited) for a minute. */
  private static void lockPasswordLogins(Vertx vertx, int port, String name) throws Exception {
    LineClient client = await(LineClient.connect(vertx, port));
    JsonObject reply = null;
    for (int i = 0; i < 6; i++) {
      reply = await(client.request("login", "name", name, "password", "wrong-pw"));
    }
    assertEquals("rate_limited", reply.getString("error"), reply.encode());
    await(client.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** A shell on streams, reading what the test types and printing into output; its exit code. */
  /** A shell on its own input and output, and the name of the user it logged in. */
  private record CrewShell(PipedOutputStream typing, Lines output, CompletableFuture<Integer> exit, String name) {
  }

  /** Runs a shell against the node, registers and logs in a new user, and creates the group crew-<name>. */
  private static CrewShell crewShell(Vertx vertx, ChatNode node, String prefix) throws Exception {
    PipedOutputStream typing = new PipedOutputStream();
    Lines output = new Lines();
    CompletableFuture<Integer> exit = runShell(vertx, node.port(), typing, output);
    String name = prefix + UUID.randomUUID().toString().substring(0, 8);
    type(typing, "/register " + name + " secret-pw");
    output.await("registered " + name);
    type(typing, "/login " + name + " secret-pw");
    output.await("logged in as " + name);
    type(typing, "/create crew-" + name);
    output.await("created group [crew-" + name + "]");
    return new CrewShell(typing, output, exit, name);
  }

  private static CompletableFuture<Integer> runShell(Vertx vertx, int port, PipedOutputStream typing, Lines output)
      throws IOException {
    ChatShell shell = ChatShell.onStreams(vertx, Endpoint.plain("127.0.0.1", port), new PipedInputStream(typing),
        new PrintStream(output, true, StandardCharsets.UTF_8));
    return CompletableFuture.supplyAsync(shell::run);
  }

  private static void type(PipedOutputStream typing, String line) throws IOException {
    typing.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    typing.flush();
  }

  /** What the shell prints, line by line, for a test to wait on. */
  private static final class Lines extends OutputStream {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        lines.add(line.toString(StandardCharsets.UTF_8));
        line.reset();
      } else {
        line.write(b);
      }
    }

    /** The next line printed. */
    String next() throws InterruptedException {
      String next = lines.poll(30, TimeUnit.SECONDS);
      if (next == null) {
        fail("the shell printed no further line");
      }
      return next;
    }

    /** Waits for a line that starts with this text, skipping the others. */
    void await(String start) throws InterruptedException {
      await(line -> line.startsWith(start), "starting with: " + start);
    }

    /** Waits for a line that holds this text, skipping the others. */
    void awaitContaining(String part) throws InterruptedException {
      await(line -> line.contains(part), "holding: " + part);
    }

    private void await(Predicate<String> match, String what) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        String next = lines.poll(100, TimeUnit.MILLISECONDS);
        if (next != null && match.test(next)) {
          return;
        }
      }
      fail("the shell never printed a line " + what);
    }
  }
}
