package io.chat.cli.bench;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** How many times each error code came back, counted from any thread. */
final class ErrorCounts {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  void add(Object code) {
    counts.computeIfAbsent(String.valueOf(code), key -> new LongAdder()).increment();
  }

  boolean isEmpty() {
    return counts.isEmpty();
  }

  /** {code: count}, codes in alphabetical order. */
  JsonObject json() {
    Map<String, Object> sorted = new TreeMap<>();
    counts.forEach((code, count) -> sorted.put(code, count.sum()));
    return new JsonObject(sorted);
  }
}
