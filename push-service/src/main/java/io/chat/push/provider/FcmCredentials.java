package io.chat.push.provider;

import io.chat.common.config.ConfigException;
import io.chat.common.config.ConfigKeys;
import io.chat.push.jwt.PemKeys;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.security.PrivateKey;

/**
 * A Google service account's key file, as the Firebase console hands it out: the fields the
 * node signs its token requests with.
 *
 * @param privateKeyId the key's id ({@code kid} of the assertion); null when the file has none
 */
record FcmCredentials(String projectId, String clientEmail, PrivateKey privateKey, String privateKeyId,
    String tokenUri) {

  /** The file's content; a file that is not such a key stops the node, naming its key. */
  static FcmCredentials parse(Buffer file) {
    JsonObject json;
    try {
      json = file.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw problem("is not a JSON object");
    }
    PrivateKey key;
    try {
      key = PemKeys.privateKey(required(json, "private_key"), "RSA");
    } catch (IllegalArgumentException e) {
      throw problem("has a private_key that " + e.getMessage());
    }
    String tokenUri = required(json, "token_uri");
    if (!tokenUri.startsWith("https://") && !tokenUri.startsWith("http://")) {
      throw problem("has a token_uri that is not an http(s) URL");
    }
    return new FcmCredentials(required(json, "project_id"), required(json, "client_email"), key,
        json.getValue("private_key_id") instanceof String id ? id : null, tokenUri);
  }

  private static String required(JsonObject json, String field) {
    if (json.getValue(field) instanceof String value && !value.isBlank()) {
      return value;
    }
    throw problem("has no " + field + " (a service-account key file has project_id, client_email, private_key"
        + " and token_uri)");
  }

  private static ConfigException problem(String problem) {
    return new ConfigException(ConfigKeys.FCM_CREDENTIALS, "names a file that " + problem);
  }
}
