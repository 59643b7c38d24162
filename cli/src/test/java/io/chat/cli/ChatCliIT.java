package io.chat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.config.ConfigKeys;
import io.chat.server.ChatNode;
import io.chat.testkit.TestCertificate;
import io.chat.testkit.TestPorts;
import io.chat.testkit.TestStores;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The packaged chat-cli.jar against a running node, driven through its standard input and arguments. */
@DisplayName("The chat-cli jar")
class ChatCliIT {

  @RegisterExtension
  static TestStores stores = new TestStores();

  private static ChatNode node;
  private static Path passwords;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNode.start(stores, ConfigKeys.WS_PORT, 0);
    passwords = Files.createTempDirectory("chat-cli-it");
  }

  @AfterAll
  static void stopNode() throws Exception {
    TestNode.stop(node);
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Path passwordFile(String name) throws IOException {
    return Files.writeString(passwords.resolve(name), "pw-" + name + "\n");
  }

  private static CliProcess interactive(String name) throws Exception {
    CliProcess cli = CliProcess.start("--port", node.port());
    cli.await("* connected to node");
    cli.type("/register " + name + " pw-" + name);
    cli.await("registered " + name);
    cli.type("/login " + name);
    cli.type("pw-" + name);
    cli.await("logged in as " + name);
    return cli;
  }

  @Test
  @DisplayName("lets two people chat through its standard input: friends, messages both ways, a group, history, presence")
  void chat() throws Exception {
    String alice = unique("al");
    String bob = unique("bo");
    String team = unique("tm");
    try (CliProcess a = interactive(alice); CliProcess b = interactive(bob)) {
      a.type("/add " + bob);
      a.await(bob + " is now your friend (online)");
      b.await("* " + alice + " added you as a friend");
      a.type("/msg " + bob + " hello \"bob\", how are you?");
      assertTrue(b.await("[").endsWith("] " + alice + ": hello \"bob\", how are you?"));
      b.type("/msg " + alice + " fine!");
      b.type("and you?");
      assertTrue(a.await("[").endsWith("] " + bob + ": fine!"));
      assertTrue(a.await("[").endsWith("] " + bob + ": and you?"));
      a.type("/create " + team + " our team");
      a.await("created group [" + team + "]");
      b.type("/join " + team);
      b.await("joined group [" + team + "]");
      a.await("* " + bob + " joined [" + team + "]");
      b.type("/g " + team + " hi team");
      assertTrue(a.await("[").endsWith("] [" + team + "] " + bob + ": hi team"));
      b.type("/history " + alice + " 2");
      b.await("(earlier messages not shown)");
      assertTrue(b.await("[").endsWith("] " + bob + ": fine!"));
      assertTrue(b.await("[").endsWith("] " + bob + ": and you?"));
      a.type("/conversations");
      a.await("conversations:");
      assertEquals("  [" + team + "]", a.await("  [").split(",")[0]);
      a.await("  " + bob + ", last message ");
      a.type("/msg nobody-" + team + " hi");
      a.await("error: ");
      b.type("/quit");
      assertEquals(0, b.exit());
      a.await("* " + bob + " went offline");
      assertEquals(0, a.exit());
    }
  }

  @Test
  @DisplayName("runs one-shot commands for scripts, with exit codes that say how they went; inbox acknowledges what it printed")
  void scripts() throws Exception {
    String alice = unique("sa");
    String bob = unique("sb");
    Path alicePw = passwordFile(alice);
    Path bobPw = passwordFile(bob);
    Object[] port = {"--port", node.port()};
    assertEquals(0, run("register", "--user", alice, "--password-file", alicePw, port[0], port[1]));
    assertEquals(0, run("register", "--user", bob, "--password-file", bobPw, port[0], port[1]));
    try (CliProcess again = CliProcess.start("register", "--user", bob, "--password-file", bobPw, "--port", node.port())) {
      assertEquals(ExitCodes.REFUSED, again.exit());
      assertTrue(again.stderr().contains("(name_taken)"), again.stderr());
    }
    assertEquals(ExitCodes.REFUSED, run("send", "--user", alice, "--password-file", alicePw, "--to", bob, "hi", port[0], port[1]));
    assertEquals(0, run("exec", "--user", alice, "--password-file", alicePw, port[0], port[1], "/add", bob));
    assertEquals(0, run("send", "--user", alice, "--password-file", alicePw, "--to", bob, port[0], port[1], "while", "you", "were", "out"));
    try (CliProcess inbox = CliProcess.start("inbox", "--user", bob, "--password-file", bobPw, "--port", node.port())) {
      assertEquals(0, inbox.exit());
      List<String> printed = inbox.rest();
      assertEquals(1, printed.size(), printed.toString());
      assertTrue(printed.get(0).endsWith("] " + alice + ": while you were out  (sent while you were away)"), printed.toString());
    }
    try (CliProcess inboxAgain = CliProcess.start("inbox", "--user", bob, "--password-file", bobPw, "--port", node.port())) {
      assertEquals(0, inboxAgain.exit());
      assertEquals(List.of(), inboxAgain.rest(), "what the first inbox printed was acknowledged");
    }
    assertEquals(ExitCodes.LOGIN_FAILED, run("send", "--user", alice, "--password-file", bobPw, "--to", bob, "x", port[0], port[1]));
    assertEquals(ExitCodes.NO_CONNECTION, run("send", "--user", alice, "--password-file", alicePw, "--to", bob, "x",
        "--port", TestPorts.free()));
    assertEquals(ExitCodes.USAGE, run("send", "--user", alice, "--password-file", alicePw, port[0], port[1]));
    assertEquals(ExitCodes.USAGE, run("exec", "--user", alice, "--password-file", alicePw, port[0], port[1], "/nonsense"));
  }

  @Test
  @DisplayName("prints JSON lines with --json given before a one-shot command's name as well as after it")
  void jsonBeforeOrAfterTheCommand() throws Exception {
    String alice = unique("ja");
    String bob = unique("jb");
    List<Object> asAlice = List.of("--user", alice, "--password-file", passwordFile(alice), "--port", node.port());
    List<Object> asBob = List.of("--user", bob, "--password-file", passwordFile(bob), "--port", node.port());
    assertReply("register", json("--json", "register", asAlice));
    assertReply("register", json("register", "--json", asBob));
    assertReply("friend_add", json("--json", "exec", asAlice, "/add", bob));
    assertReply("send", json("--json", "send", asAlice, "--to", bob, "hi"));
    assertReply("send", json("send", asAlice, "--to", bob, "--json", "hi again"));
    JsonObject sentTo = json("--json", "exec", asAlice, "/conversations").get(0).getJsonArray("convs").getJsonObject(0);
    assertEquals(sentTo.getLong("last_seq"), sentTo.getLong("acked_seq"), "what alice sent counts as read: " + sentTo);
    List<JsonObject> stored = json("--json", "inbox", asBob);
    assertEquals(List.of("hi", "hi again"), stored.stream().map(message -> message.getString("text")).toList(),
        stored.toString());
  }

  @Test
  @DisplayName("speaks to the node's WebSocket port with --ws, with the same users as over TCP; where to connect may come before the command's name")
  void webSocket() throws Exception {
    String alice = unique("wa");
    String bob = unique("wb");
    Path alicePw = passwordFile(alice);
    List<Object> asAlice = List.of("--user", alice, "--password-file", alicePw, "--port", node.port());
    List<Object> asBob = List.of("--user", bob, "--password-file", passwordFile(bob), "--ws", "--port", node.webPort());
    assertReply("register", json("--json", "register", asAlice));
    assertReply("register", json("--json", "register", asBob));
    assertReply("friend_add", json("--json", "exec", asBob, "/add", alice));
    assertReply("send", json("--json", "send", asAlice, "--to", bob, "over tcp"));
    assertReply("send", json("--json", "send", asBob, "--to", alice, "over websocket"));
    assertEquals(List.of("over tcp"), json("--json", "inbox", asBob).stream().map(m -> m.getString("text")).toList());
    assertEquals(List.of("over websocket"), json("--ws", "--port", node.webPort(), "--json", "inbox", "--user", alice,
        "--password-file", alicePw).stream().map(m -> m.getString("text")).toList());
  }

  private static void assertReply(String op, List<JsonObject> printed) {
    assertEquals(1, printed.size(), printed.toString());
    assertEquals(op, printed.get(0).getString("op"), printed.toString());
    assertEquals(true, printed.get(0).getBoolean("ok"), printed.toString());
  }

  /**
   * Runs a one-shot command (these arguments, lists among them spread out) that succeeds;
   * returns the lines it printed, as JSON.
   */
  private static List<JsonObject> json(Object... args) throws Exception {
    List<Object> spread = new ArrayList<>();
    for (Object arg : args) {
      if (arg instanceof List<?> list) {
        spread.addAll(list);
      } else {
        spread.add(arg);
      }
    }
    try (CliProcess cli = CliProcess.start(spread.toArray())) {
      assertEquals(0, cli.exit(), cli.stderr());
      return cli.rest().stream().map(JsonObject::new).toList();
    }
  }

  private static int run(Object... args) throws Exception {
    try (CliProcess cli = CliProcess.start(args)) {
      return cli.exit();
    }
  }

  @Test
  @DisplayName("connects over TLS, trusting the node's certificate from a file; without --tls a one-shot command says to add it")
  void tls() throws Exception {
    TestCertificate certificate = TestCertificate.selfSigned();
    Path cert = certificate.cert();
    Path key = certificate.key();
    ChatNode tlsNode = TestNode.start(stores, ConfigKeys.TLS_CERT, cert.toString(), ConfigKeys.TLS_KEY, key.toString());
    try {
      try (CliProcess cli = CliProcess.start("--port", tlsNode.port(), "--tls", "--trust", cert)) {
        cli.await("* connected to node");
        cli.type("/ping");
        cli.await("pong");
        assertEquals(0, cli.exit());
      }
      String name = unique("tp");
      try (CliProcess plain = CliProcess.start("register", "--user", name, "--password-file", passwordFile(name),
          "--port", tlsNode.port())) {
        assertEquals(ExitCodes.NO_CONNECTION, plain.exit());
        assertTrue(plain.stderr().contains("(a node with TLS needs --tls)"), plain.stderr());
      }
    } finally {
      TestNode.stop(tlsNode);
    }
  }
}
