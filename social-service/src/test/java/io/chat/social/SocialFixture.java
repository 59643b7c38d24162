package io.chat.social;

import io.chat.common.bus.BusAction;
import io.chat.common.model.Caller;
import io.chat.common.bus.ServiceClient;
import io.chat.common.protocol.ChatException;
import io.chat.common.protocol.ErrorCode;
import io.chat.testkit.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** Users made straight in MySQL, and requests to the social service as a gateway sends them. */
final class SocialFixture {

  private final SqlClient sql;
  private final ServiceClient client;

  SocialFixture(Vertx vertx, TestStores stores) {
    this.sql = stores.sql(vertx);
    this.client = new ServiceClient(vertx.eventBus(), 5000);
  }

  static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A user row (the password is irrelevant here); completes with {id, name}. */
  Future<JsonObject> user(String name) {
    return sql.preparedQuery("INSERT INTO user (name, password) VALUES (?, 'x')").execute(Tuple.of(name))
        .map(rows -> new JsonObject().put("id", rows.property(MySQLClient.LAST_INSERTED_ID).intValue())
            .put("name", name));
  }

  Future<JsonObject> user() {
    return user(unique("u"));
  }

  /** A request from a logged-in user, as the gateway builds it. */
  Future<JsonObject> as(JsonObject user, BusAction<?, ?> action, Object... fields) {
    JsonObject body = new Caller(user.getInteger("id"), user.getString("name")).into(new JsonObject());
    for (int i = 0; i + 1 < fields.length; i += 2) {
      body.put((String) fields[i], fields[i + 1]);
    }
    return client.request(action.address(), action.name(), body);
  }

  /** The protocol error a request ended with (fails if it succeeded). */
  static Future<ErrorCode> error(Future<?> request) {
    return request.transform(done -> done.succeeded()
        ? Future.failedFuture("expected an error, got " + done.result())
        : Future.succeededFuture(((ChatException) done.cause()).code()));
  }

  Future<Long> count(String sqlText, Object... params) {
    return sql.preparedQuery(sqlText).execute(Tuple.from(params)).map(rows -> rows.iterator().next().getLong(0));
  }
}
