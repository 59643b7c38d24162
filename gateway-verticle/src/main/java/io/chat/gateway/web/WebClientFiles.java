package io.chat.gateway.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The web client: a page, its scripts (ES modules), its style sheet and its icon, read from the
 * jar once when a gateway starts and served from memory. Plain files, so nothing is built or
 * fetched at run time.
 */
public final class WebClientFiles {

  private static final String ROOT = "chat-web/";
  /** The page may load its own files and connect back to its own host, and nothing else. */
  private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final List<String> NAMES = List.of("index.html", "app.css", "app.js", "connection.js",
      "conversations.js", "view.js", "icon.svg");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "svg", "image/svg+xml");

  private record File(Buffer body, String type) {
  }

  private final Map<String, File> byPath;

  private WebClientFiles(Map<String, File> byPath) {
    this.byPath = byPath;
  }

  /** Reads the files on a worker thread: a jar is a file. */
  public static Future<WebClientFiles> load(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      Map<String, File> files = new HashMap<>();
      for (String name : NAMES) {
        files.put("/" + name, read(name));
      }
      files.put("/", files.get("/index.html"));
      return new WebClientFiles(Map.copyOf(files));
    });
  }

  /** Answers a plain HTTP request (not a WebSocket handshake). */
  public void serve(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    File file = byPath.get(request.path());
    if (file == null) {
      boolean socketPath = WebServer.WEB_SOCKET_PATH.equals(request.path());
      response.setStatusCode(socketPath ? 400 : 404)
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
          .end(socketPath ? "this path takes WebSocket connections\n" : "not found\n");
      return;
    }
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      response.setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET, HEAD").end();
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, file.type())
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", POLICY)
        .putHeader("Referrer-Policy", "no-referrer")
        .end(file.body());
  }

  private static File read(String name) {
    try (InputStream in = WebClientFiles.class.getClassLoader().getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException(ROOT + name + " is missing from the classpath");
      }
      return new File(Buffer.buffer(in.readAllBytes()), TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ROOT + name, e);
    }
  }
}
