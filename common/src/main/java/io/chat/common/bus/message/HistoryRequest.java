package io.chat.common.bus.message;

import io.chat.common.bus.BusMessage;
import io.chat.common.model.Caller;
import io.chat.common.model.Named;
import io.vertx.core.json.JsonObject;

/**
 * {@code history}: a conversation named by {@code conv} (its text, checked by the service),
 * {@code with} (a user) or {@code group}; exactly one is set. {@code before} and {@code after}
 * (seq, or null) choose the page; {@code limit} is null when the client gave none.
 */
public record HistoryRequest(Caller caller, String conv, Named with, Named group, Long before, Long after, Integer limit)
    implements BusMessage {

  private static final String CONV = "conv";
  private static final String WITH = "with";
  private static final String GROUP = "group";
  private static final String BEFORE = "before";
  private static final String AFTER = "after";
  private static final String LIMIT = "limit";

  @Override
  public JsonObject toJson() {
    JsonObject json = caller.into(new JsonObject());
    if (limit != null) {
      json.put(LIMIT, limit);
    }
    if (conv != null) {
      json.put(CONV, conv);
    }
    if (with != null) {
      json.put(WITH, with.value());
    }
    if (group != null) {
      json.put(GROUP, group.value());
    }
    if (before != null) {
      json.put(BEFORE, before);
    }
    if (after != null) {
      json.put(AFTER, after);
    }
    return json;
  }

  public static HistoryRequest fromJson(JsonObject json) {
    return new HistoryRequest(Caller.fromJson(json), json.getString(CONV),
        json.containsKey(WITH) ? Named.of(json.getValue(WITH)) : null,
        json.containsKey(GROUP) ? Named.of(json.getValue(GROUP)) : null,
        json.getLong(BEFORE), json.getLong(AFTER), json.getInteger(LIMIT));
  }
}
