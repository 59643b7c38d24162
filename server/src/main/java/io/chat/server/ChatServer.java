package io.chat.server;

import ch.qos.logback.classic.LoggerContext;
import io.chat.common.config.ChatConfig;
import io.chat.common.config.ConfigLoader;
import io.chat.common.config.Role;
import io.chat.common.config.Route;
import io.vertx.core.Vertx;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar chat-server.jar [--config FILE]}: starts one node and runs until SIGTERM or
 * SIGINT, which say {@code bye} to every client and exit 0.
 */
public final class ChatServer {

  private static final Logger LOG = LoggerFactory.getLogger(ChatServer.class);
  private static final long STOP_SECONDS = 15;

  private ChatServer() {
  }

  public static void main(String[] args) {
    String configFile = null;
    for (int i = 0; i < args.length; i++) {
      if ("--config".equals(args[i]) && i + 1 < args.length) {
        configFile = args[++i];
      } else if ("--help".equals(args[i]) || "-h".equals(args[i])) {
        System.out.println("usage: java -jar chat-server.jar [--config FILE]");
        System.out.println("settings: CHAT_* environment variables or keys of a JSON FILE; see README.md");
        return;
      } else {
        System.err.println("unknown argument " + args[i] + " (usage: java -jar chat-server.jar [--config FILE])");
        System.exit(2);
      }
    }
    LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
    logs.putProperty("node", "-");
    ChatConfig config;
    try {
      config = loadConfig(configFile);
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      LOG.error("chat node cannot start: configuration: {}", cause.getMessage());
      System.exit(1);
      return;
    }
    // Every log line carries the node id (logback.xml: %property{node}).
    logs.putProperty("node", config.nodeId());
    LOG.info("starting chat node {} (roles {}, {})", config.nodeId(), Role.describe(config.roles()),
        config.clustered() ? "clustered at " + config.clusterHost()
            : config.route() == Route.REDIS ? "routing over Redis" : "standalone");
    ChatNode node;
    try {
      node = ChatNode.start(config).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      LOG.error("chat node {} cannot start: {}", config.nodeId(), cause.getMessage());
      System.exit(1);
      return;
    }
    if (node.adminPort() >= 0) {
      LOG.info("admin endpoints on http://{}:{}/ (health, ready, metrics)", config.adminHost(),
          node.adminPort());
    }
    if (node.port() >= 0) {
      LOG.info("chat node {} listening on {}:{}{}", node.nodeId(), config.host(), node.port(),
          config.tls() ? " (TLS only)" : "");
      if (node.webPort() >= 0) {
        LOG.info("web client on {}://{}:{}/ (WebSocket at /ws)", config.tls() ? "https" : "http", config.wsHost(),
            node.webPort());
      }
    } else {
      LOG.info("chat node {} running {} (no client port)", node.nodeId(), Role.describe(config.roles()));
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node), "chat-shutdown"));
  }

  /**
   * Runs on SIGTERM or SIGINT: clients get {@code bye}, sessions leave the presence registry.
   * The JVM would exit with 143 after a signal; halting from the hook makes a clean stop exit 0.
   */
  private static void stop(ChatNode node) {
    LOG.info("chat node {} shutting down", node.nodeId());
    try {
      node.stop().toCompletionStage().toCompletableFuture().get(STOP_SECONDS, TimeUnit.SECONDS);
      LOG.info("chat node {} stopped", node.nodeId());
    } catch (Exception e) {
      LOG.warn("chat node {} did not stop cleanly within {} s: {}", node.nodeId(), STOP_SECONDS, e.toString());
    }
    Runtime.getRuntime().halt(0);
  }

  private static ChatConfig loadConfig(String configFile) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      return ConfigLoader.load(vertx, configFile).toCompletionStage().toCompletableFuture().get();
    } finally {
      // Waited for, so that a node stopping at a bad setting leaves no Vert.x file cache behind.
      vertx.close().toCompletionStage().toCompletableFuture().get(STOP_SECONDS, TimeUnit.SECONDS);
    }
  }

}
