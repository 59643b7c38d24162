package io.chat.common.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Lists in bus bodies: records to a JsonArray of objects and back, ids to an array of numbers and back. */
public final class Lists {

  private Lists() {
  }

  public static <T> JsonArray toJson(List<T> items, Function<T, JsonObject> write) {
    JsonArray array = new JsonArray(new ArrayList<>(items.size()));
    for (T item : items) {
      array.add(write.apply(item));
    }
    return array;
  }

  public static <T> List<T> fromJson(JsonArray array, Function<JsonObject, T> read) {
    List<T> items = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      items.add(read.apply(array.getJsonObject(i)));
    }
    return List.copyOf(items);
  }

  public static JsonArray ids(List<Integer> ids) {
    return new JsonArray(new ArrayList<>(ids));
  }

  public static List<Integer> ids(JsonArray array) {
    List<Integer> ids = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      ids.add(array.getInteger(i));
    }
    return List.copyOf(ids);
  }
}
