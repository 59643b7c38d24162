package io.chat.cli.bench;

import io.chat.cli.Await;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench group}: G groups of K online members, every member sending to its group. */
@Command(name = "group", description = "G groups of K online members, all sending: fan-out deliveries/s, latency, losses.")
final class GroupBench extends MessageScenario {

  private static final long SETUP_MILLIS = 120_000;

  @Option(names = {"-g", "--groups"}, defaultValue = "20", description = "groups (default: ${DEFAULT-VALUE})")
  int groups;

  @Option(names = {"-k", "--members"}, defaultValue = "10", description = "members per group (default: ${DEFAULT-VALUE})")
  int members;

  @Override
  int run() throws Exception {
    System.out.printf("group: %,d groups of %d members, window %d, %d-character texts, %d s warm-up, %d s measured%n",
        groups, members, load.window, load.size, load.warmup, load.seconds);
    List<BenchUser> users = setUp("logging in", groups * members,
        user -> bench.prefix + "g" + user / members + "m" + user % members, user -> context(user / members), true);
    List<Future<Integer>> formed = new ArrayList<>();
    for (int group = 0; group < groups; group++) {
      formed.add(form(bench.prefix + "group" + group, users.subList(group * members, (group + 1) * members)));
    }
    List<Integer> ids = Await.result(Future.all(formed), SETUP_MILLIS).list();
    MessageLoad messages = new MessageLoad(load, groups * members, members - 1);
    for (int user = 0; user < users.size(); user++) {
      int group = user / members;
      messages.sender(user, users.get(user).connection(), context(group),
          new JsonObject().put("op", "group_send").put("group", ids.get(group)));
      messages.receiver(users.get(user).connection());
    }
    result.put("scenario", "group").put("groups", groups).put("members", members);
    return measure(messages, "deliveries", "delivery");
  }

  /** Creates the group (or finds it from an earlier run) and makes every user a member; its id. */
  private Future<Integer> form(String name, List<BenchUser> group) {
    BenchUser creator = group.get(0);
    return creator.connection().request(new JsonObject().put("op", "group_create").put("name", name), SETUP_MILLIS)
        .compose(created -> Boolean.TRUE.equals(created.getBoolean("ok"))
            ? Future.succeededFuture(created.getJsonObject("group").getInteger("id"))
            : BenchUsers.accepted(created, "group_name_taken", "creating " + name)
                .compose(taken -> join(creator, name)))
        .compose(id -> {
          List<Future<Integer>> joins = new ArrayList<>();
          for (BenchUser member : group.subList(1, group.size())) {
            joins.add(join(member, name));
          }
          return Future.all(joins).map(id);
        });
  }

  /** Joins a group by name (a member already is fine); its id. */
  private Future<Integer> join(BenchUser user, String name) {
    return user.connection().request(new JsonObject().put("op", "group_join").put("group", name), SETUP_MILLIS)
        .compose(reply -> Boolean.TRUE.equals(reply.getBoolean("ok"))
            ? Future.succeededFuture(reply.getJsonObject("group").getInteger("id"))
            : BenchUsers.accepted(reply, "already_member", user.name() + " joining " + name)
                .compose(member -> idOf(user, name)));
  }

  private Future<Integer> idOf(BenchUser user, String name) {
    return user.connection().request(new JsonObject().put("op", "groups"), SETUP_MILLIS).map(reply -> {
      JsonArray list = reply.getJsonArray("groups", new JsonArray());
      for (int i = 0; i < list.size(); i++) {
        if (name.equals(list.getJsonObject(i).getString("name"))) {
          return list.getJsonObject(i).getInteger("id");
        }
      }
      throw new IllegalStateException(user.name() + " is a member of " + name + " but does not see it");
    });
  }
}
