package io.chat.push.provider;

import io.chat.common.config.PushSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/** The HTTP the senders share: their clients, a POST within the push timeout, and its answer read whole. */
final class Exchange {

  /** A provider's answer. */
  record Answer(int status, Buffer body) {

    /** The body as JSON; empty when it is none (the providers' error bodies are JSON objects). */
    JsonObject json() {
      try {
        return body.length() == 0 ? new JsonObject() : body.toJsonObject();
      } catch (DecodeException | ClassCastException e) {
        return new JsonObject();
      }
    }
  }

  private Exchange() {
  }

  /** An HTTP/1.1 client with a connection per notification in flight. */
  static HttpClient http1(Vertx vertx, PushSettings settings) {
    return vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) settings.timeoutMillis()),
        new PoolOptions().setHttp1MaxSize(settings.concurrency()));
  }

  /**
   * A POST to this URL: connecting, and each wait for more of the answer, may take the timeout
   * at most (a server that never answers fails the attempt then, and its stream is reset).
   */
  static RequestOptions post(String url, long timeoutMillis) {
    return new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
        .setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis);
  }

  static Future<Answer> exchange(HttpClient client, RequestOptions request,
      Function<HttpClientRequest, Future<HttpClientResponse>> send) {
    return client.request(request)
        .compose(send)
        .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body)));
  }
}
