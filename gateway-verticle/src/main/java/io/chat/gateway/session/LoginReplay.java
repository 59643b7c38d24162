package io.chat.gateway.session;

import io.chat.common.bus.Actions;
import io.chat.common.bus.ServiceClient;
import io.chat.common.bus.message.ConvPosition;
import io.chat.common.bus.message.ConvRange;
import io.chat.common.bus.message.LogRead;
import io.chat.common.model.ChatMessage;
import io.chat.common.model.ConvId;
import io.chat.common.protocol.Events;
import io.chat.gateway.protocol.Frames;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A login's replay: the messages others sent above the user's cursor in each conversation, up to
 * the seq the login read, oldest first across conversations, each flagged {@code offline}. They
 * are read a page at a time, and the next page only once the last one is written, so a client
 * that reads slowly is not sent the whole backlog at once. (A user with unread messages in more
 * than 500 conversations gets them 500 conversations at a time, each batch oldest first.)
 */
final class LoginReplay {

  private static final int RANGES_PER_READ = 500;

  private final int user;
  private final EventSink sink;
  private final ServiceClient services;
  private final int pageSize;
  private final BiConsumer<ConvId, Long> written;

  /** @param written told each message once it is written to the socket */
  LoginReplay(int user, EventSink sink, ServiceClient services, int pageSize, BiConsumer<ConvId, Long> written) {
    this.user = user;
    this.sink = sink;
    this.services = services;
    this.pageSize = pageSize;
    this.written = written;
  }

  Future<Void> run(List<ConvPosition> positions) {
    Map<ConvId, ConvRange> left = new LinkedHashMap<>();
    positions.stream().filter(position -> position.unread() > 0)
        .forEach(position -> left.put(position.conv(), new ConvRange(position.conv(), position.acked(), position.last())));
    return page(left);
  }

  private Future<Void> page(Map<ConvId, ConvRange> left) {
    if (left.isEmpty()) {
      return Future.succeededFuture();
    }
    List<ConvRange> ranges = left.values().stream().limit(RANGES_PER_READ).toList();
    return services.request(Actions.Message.LOG_READ, new LogRead(user, ranges, true, pageSize)).compose(page -> {
      Future<Void> last = Future.succeededFuture();
      for (ChatMessage message : page.messages()) {
        last = sink.writePaced(Frames.line(Events.messageLine(message, true)));
        last.onSuccess(v -> written.accept(message.conv(), message.seq()));
        ConvRange range = left.get(message.conv());
        left.put(message.conv(), new ConvRange(message.conv(), message.seq(), range.upTo()));
      }
      if (page.messages().size() < pageSize) {
        // Nothing more in these ranges.
        ranges.forEach(range -> left.remove(range.conv()));
      }
      return last.compose(v -> page(left));
    });
  }
}
