package io.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.read.ListAppender;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The logback.xml the jar carries (loaded into a context of its own: the tests log through
 * testkit's logback-test.xml), with its filter for the clustered event bus's warnings.
 */
@DisplayName("The node's log configuration")
class ClusterBusFailuresTest {

  private static final String BUS_LOGGER = "io.vertx.core.eventbus.impl.clustered.ClusteredEventBus";

  private final LoggerContext context = new LoggerContext();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  @BeforeEach
  void configure() throws JoranException {
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(ClusterBusFailuresTest.class.getClassLoader().getResource("logback.xml"));
    appender.setContext(context);
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  @Test
  @DisplayName("logs the event bus's failed connection to a lost node as one line, without the stack trace")
  void oneLine() {
    Exception refused = new ConnectException(
        "finishConnect(..) failed with error(-111): Connection refused: /127.0.0.13:5801");
    refused.initCause(new ConnectException("finishConnect(..) failed with error(-111): Connection refused"));
    context.getLogger(BUS_LOGGER).warn("Connecting to server a17fe965 failed", refused);

    List<ILoggingEvent> events = appender.list;
    assertEquals(1, events.size());
    assertEquals("WARN", events.get(0).getLevel().toString());
    assertEquals("Connecting to server a17fe965 failed: Connection refused: /127.0.0.13:5801",
        events.get(0).getFormattedMessage());
    assertNull(events.get(0).getThrowableProxy());
  }

  @Test
  @DisplayName("leaves the other loggers' exceptions as they are")
  void othersUntouched() {
    context.getLogger("io.chat.server.SomethingElse").warn("failed", new IllegalStateException("bug"));
    assertEquals("bug", appender.list.get(0).getThrowableProxy().getMessage());
  }
}
