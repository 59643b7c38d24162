package io.chat.server.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.chat.common.failure.FailureText;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Keeps the clustered event bus's failures to one line each (installed in logback.xml). Vert.x
 * logs every failed connection to another node's event bus, as when it tries a node that was
 * just killed, as a warning with a 20-line stack trace; this filter drops that event and logs
 * its text, with the failure's own message, on one line in its place (same logger, same level).
 * Which node left is logged by {@code HazelcastSetup} once the cluster notices.
 */
public final class ClusterBusFailures extends TurboFilter {

  private static final String BUS_LOGGERS = "io.vertx.core.eventbus.impl.clustered.";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (t == null || format == null || !logger.getName().startsWith(BUS_LOGGERS)) {
      return FilterReply.NEUTRAL;
    }
    if (!logger.isEnabledFor(level)) {
      return FilterReply.DENY;
    }
    String event = MessageFormatter.arrayFormat(format, params).getMessage();
    logger.log(marker, ClusterBusFailures.class.getName(), Level.toLocationAwareLoggerInteger(level),
        event + ": " + FailureText.of(t), null, null);
    return FilterReply.DENY;
  }
}
