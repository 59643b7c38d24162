package io.chat.message.query;

import io.chat.common.bus.Empty;
import io.chat.common.bus.message.AckCheck;
import io.chat.common.bus.message.ConversationList;
import io.chat.common.bus.message.CursorMoves;
import io.chat.common.bus.message.Heads;
import io.chat.common.bus.message.HeadsRequest;
import io.chat.common.bus.message.HistoryPage;
import io.chat.common.bus.message.HistoryRequest;
import io.chat.common.bus.message.LogPage;
import io.chat.common.bus.message.LogRead;
import io.chat.common.bus.social.OfUser;
import io.chat.common.model.ConvId;
import io.chat.common.model.Named;
import io.chat.common.protocol.Errors;
import io.chat.common.protocol.Limits;
import io.chat.message.log.CursorStore;
import io.chat.message.log.LogReads;
import io.chat.relation.RelationCache;
import io.vertx.core.Future;

/**
 * The log as sessions and clients read it: pages for a session, {@code history},
 * {@code conversations}, acknowledgements and the cursors gateways gathered. Who may read what
 * is decided here: a direct conversation by its two users (friends or not any more), a group's
 * by its current members.
 */
public final class MessageQueries {

  /** The most messages one page for a session carries. */
  private static final int MAX_PAGE = 500;

  private final Limits limits;
  private final RelationCache relations;
  private final LogReads reads;
  private final CursorStore cursors;

  public MessageQueries(Limits limits, RelationCache relations, LogReads reads, CursorStore cursors) {
    this.limits = limits;
    this.relations = relations;
    this.reads = reads;
    this.cursors = cursors;
  }

  public Future<LogPage> logRead(LogRead request) {
    return reads.page(request.user(), request.ranges(), request.othersOnly(), Math.min(MAX_PAGE, request.limit()))
        .map(LogPage::new);
  }

  public Future<HistoryPage> history(HistoryRequest request) {
    int limit = limits.historyLimit(request.limit());
    if (request.before() != null && request.after() != null) {
      throw Errors.badRequest("give before or after, not both");
    }
    if ((request.before() != null && request.before() < 0) || (request.after() != null && request.after() < 0)) {
      throw Errors.badRequest("before and after are seq numbers, 0 or more");
    }
    return readable(request).compose(conv -> reads.history(conv, request.before(), request.after(), limit)
        .map(page -> new HistoryPage(conv, page.messages(), page.more())));
  }

  public Future<ConversationList> conversations(OfUser request) {
    return reads.conversations(request.userId()).map(ConversationList::new);
  }

  /**
   * An ack may name any conversation the user can read, up to its last seq: {@code bad_request}
   * for a malformed conv or a seq beyond the last, {@code not_member} for others' conversations,
   * {@code no_such_user} for one with a user who does not exist (as {@code history} answers).
   */
  public Future<Empty> ackCheck(AckCheck request) {
    ConvId conv = ConvId.parse(request.conv());
    if (request.seq() < 0) {
      throw Errors.badRequest("seq is 0 or more");
    }
    int uid = request.caller().id();
    return reads.lastSeqFor(uid, conv).compose(last -> {
      if (last.isEmpty()) {
        return Future.failedFuture(conv.group() ? Errors.notMember()
            : Errors.notMember("that conversation is not yours"));
      }
      // A direct conversation with no message yet may be with no one: its peer is looked up.
      return last.getAsLong() == 0 && !conv.group()
          ? relations.user(conv.peerOf(uid)).map(peer -> last)
          : Future.succeededFuture(last);
    }).compose(last -> {
      if (request.seq() > last.getAsLong()) {
        return Future.failedFuture(Errors.badRequest("seq " + request.seq() + " is beyond the last message of "
            + conv + " (" + last.getAsLong() + ")"));
      }
      return Future.succeededFuture(Empty.INSTANCE);
    });
  }

  public Future<Empty> cursors(CursorMoves request) {
    return cursors.move(request.moves()).map(Empty.INSTANCE);
  }

  public Future<Heads> heads(HeadsRequest request) {
    return reads.heads(request.users()).map(Heads::new);
  }

  /**
   * The conversation a history request names, once the caller may read it: {@code conv},
   * {@code with} (a user) or {@code group}, exactly one.
   */
  private Future<ConvId> readable(HistoryRequest request) {
    int uid = request.caller().id();
    int named = (request.conv() != null ? 1 : 0) + (request.with() != null ? 1 : 0) + (request.group() != null ? 1 : 0);
    if (named != 1) {
      throw Errors.badRequest("name the conversation with one of conv, with or group");
    }
    if (request.group() != null) {
      return group(request.group(), uid);
    }
    if (request.with() != null) {
      return relations.user(request.with()).map(other -> {
        if (other.id() == uid) {
          throw Errors.badRequest("there is no conversation with yourself");
        }
        return ConvId.direct(uid, other.id());
      });
    }
    ConvId conv = ConvId.parse(request.conv());
    if (conv.group()) {
      return group(Named.id(conv.first()), uid);
    }
    if (!conv.hasUser(uid)) {
      return Future.failedFuture(Errors.notMember("that conversation is not yours"));
    }
    return relations.user(conv.peerOf(uid)).map(conv);
  }

  private Future<ConvId> group(Named group, int uid) {
    return relations.groupOfMember(group, uid).map(view -> ConvId.group(view.id()));
  }
}
