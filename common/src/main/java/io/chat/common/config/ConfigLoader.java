package io.chat.common.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Loads the configuration with vertx-config. Later stores override earlier ones: the JSON
 * defaults on the classpath, then environment variables named like the keys ({@code CHAT_*}),
 * then the {@code --config} file given on the command line. (Only that file can fail to be read:
 * the other two stores are always there.)
 */
public final class ConfigLoader {

  public static final String DEFAULTS_RESOURCE = "chat-defaults.json";

  private ConfigLoader() {
  }

  public static Future<ChatConfig> load(Vertx vertx, String configFile) {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
        .setScanPeriod(0)
        .addStore(new ConfigStoreOptions().setType("json").setConfig(defaults()));
    // raw-data keeps every value a string (CHAT_NODE=1 stays "1"); ChatConfig parses numbers.
    options.addStore(new ConfigStoreOptions().setType("env")
        .setConfig(new JsonObject().put("raw-data", true).put("keys", defaults().fieldNames()
            .stream().toList())));
    if (configFile != null) {
      options.addStore(new ConfigStoreOptions().setType("file").setFormat("json")
          .setConfig(new JsonObject().put("path", configFile)));
    }
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .recover(unread -> Future.failedFuture(new ConfigException("--config " + configFile,
            "cannot be read: " + unread.getMessage().lines().findFirst().orElse(unread.toString()))))
        .map(ConfigLoader::checkedKeys)
        .map(ChatConfig::new)
        .andThen(done -> retriever.close());
  }

  /** A key the node does not know comes from a --config file: most likely a typo, so it stops the node. */
  private static JsonObject checkedKeys(JsonObject merged) {
    JsonObject known = defaults();
    for (String key : merged.fieldNames()) {
      if (!known.containsKey(key)) {
        throw new ConfigException(key, "is not a setting of the chat node (see the README for the list)");
      }
    }
    return merged;
  }

  /** The built-in defaults: every key the node knows. */
  public static JsonObject defaults() {
    try (var in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE, e);
    }
  }
}
