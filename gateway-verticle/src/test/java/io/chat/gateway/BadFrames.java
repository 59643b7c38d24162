package io.chat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.testkit.LineClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a connection of any transport is to answer to frames that are not one JSON object: one
 * {@code bad_json} each (no op, no ref, a message), and the connection stays open.
 */
final class BadFrames {

  private BadFrames() {
  }

  /** Sends each bad frame and reads its reply, one after another, then a ping; gives the replies, the ping's last. */
  static Future<List<JsonObject>> answers(LineClient client, List<Function<LineClient, Future<Void>>> sends) {
    Future<List<JsonObject>> all = Future.succeededFuture(new ArrayList<>());
    for (Function<LineClient, Future<Void>> send : sends) {
      all = all.compose(list -> send.apply(client).compose(v -> client.nextReply()).map(reply -> {
        list.add(reply);
        return list;
      }));
    }
    return all.compose(replies -> client.request("ping").map(ping -> {
      replies.add(ping);
      return replies;
    }));
  }

  /** Each reply but the last is bad_json, named by its frame's label; the last, the ping's, is ok. */
  static void assertAnswered(List<JsonObject> replies, List<String> labels) {
    for (int i = 0; i < labels.size(); i++) {
      JsonObject reply = replies.get(i);
      assertEquals("bad_json", reply.getString("error"), labels.get(i));
      assertFalse(reply.getBoolean("ok"), labels.get(i));
      assertFalse(reply.containsKey("op"), labels.get(i));
      assertFalse(reply.containsKey("ref"), labels.get(i));
      assertTrue(reply.getString("message").length() > 0, labels.get(i));
    }
    assertTrue(replies.get(labels.size()).getBoolean("ok"), "the connection still works");
  }
}
