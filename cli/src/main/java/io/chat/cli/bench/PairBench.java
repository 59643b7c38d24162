package io.chat.cli.bench;

import io.chat.cli.Await;
import io.chat.cli.connection.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench pair}: N pairs of online friends, each of the two sending to the other. */
@Command(name = "pair", description = "N pairs of online friends chatting both ways: messages/s, latency, losses.")
final class PairBench extends MessageScenario {

  @Option(names = {"-n", "--pairs"}, defaultValue = "200", description = "pairs (2 × N users) (default: ${DEFAULT-VALUE})")
  int pairs;

  @Option(names = "--peer-host",
      description = "connect the second user of each pair to this node instead (another node of the cluster), so every message crosses nodes")
  String peerHost;

  @Option(names = "--peer-port", description = "the peer node's client port (default: --port)")
  Integer peerPort;

  @Override
  int run() throws Exception {
    Endpoint peer = peerHost == null && peerPort == null ? endpoint : endpoint.at(
        peerHost == null ? endpoint.host() : peerHost, peerPort == null ? endpoint.port() : peerPort);
    System.out.printf("pair: %,d pairs, window %d, %d-character texts, %d s warm-up, %d s measured%s%n",
        pairs, load.window, load.size, load.warmup, load.seconds,
        peer == endpoint ? "" : ", first users on " + endpoint + ", second users on " + peer);
    List<BenchUser> users = setUp("logging in", 2 * pairs,
        user -> bench.prefix + "pair" + user / 2 + (user % 2 == 0 ? "a" : "b"), user -> context(user / 2),
        user -> user % 2 == 0 ? endpoint : peer, true);
    befriend(users);
    MessageLoad messages = new MessageLoad(load, 2 * pairs, 1);
    for (int user = 0; user < users.size(); user++) {
      BenchUser partner = users.get(user ^ 1);
      messages.sender(user, users.get(user).connection(), context(user / 2),
          new JsonObject().put("op", "send").put("to", partner.id()));
      messages.receiver(users.get(user).connection());
    }
    result.put("scenario", "pair").put("pairs", pairs).put("cross_node", peer != endpoint);
    return measure(messages, "messages", "message");
  }

  private void befriend(List<BenchUser> users) throws Exception {
    List<Future<JsonObject>> links = new ArrayList<>();
    for (int pair = 0; pair < pairs; pair++) {
      BenchUser a = users.get(2 * pair);
      BenchUser b = users.get(2 * pair + 1);
      links.add(a.connection().request(new JsonObject().put("op", "friend_add").put("id", b.id()), 60_000)
          .compose(reply -> BenchUsers.accepted(reply, "already_friends", "befriending " + a.name() + " and " + b.name())));
    }
    Await.result(Future.all(links), 120_000);
  }
}
