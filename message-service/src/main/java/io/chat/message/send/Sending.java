package io.chat.message.send;

import io.chat.common.bus.Actions;
import io.chat.common.bus.ServiceClient;
import io.chat.common.bus.message.GroupSendRequest;
import io.chat.common.bus.message.SendRequest;
import io.chat.common.bus.message.Sent;
import io.chat.common.bus.push.StoredMessage;
import io.chat.common.model.ConvId;
import io.chat.common.model.GroupRef;
import io.chat.common.protocol.Errors;
import io.chat.common.protocol.Limits;
import io.chat.message.log.Appended;
import io.chat.message.log.Draft;
import io.chat.message.log.LogLanes;
import io.chat.message.route.Fanout;
import io.chat.relation.RelationCache;
import io.vertx.core.Future;
import java.util.List;

/**
 * {@code send} and {@code group_send}: the text and the relation are checked (friends, from the
 * relation cache; a member of the group), the message is appended to its conversation's log,
 * and once it is committed it goes out to the recipients and to the sender's other sessions.
 * The sender hears {@code ok} with the message's {@code conv} and {@code seq} only then; a
 * repeated cid answers as its first message and sends nothing. Recipients without a live session
 * find the message in the log at their next login; the push service is told about them, one way,
 * to notify their devices.
 */
public final class Sending {

  private final Limits limits;
  private final RelationCache relations;
  private final LogLanes log;
  private final Fanout fanout;
  private final ServiceClient services;

  public Sending(Limits limits, RelationCache relations, LogLanes log, Fanout fanout, ServiceClient services) {
    this.limits = limits;
    this.relations = relations;
    this.log = log;
    this.fanout = fanout;
    this.services = services;
  }

  public Future<Sent> send(SendRequest request) {
    limits.checkText(request.text());
    if (request.cid() != null) {
      limits.checkCid(request.cid());
    }
    int uid = request.caller().id();
    Future<Integer> recipient = request.to().byId()
        ? Future.succeededFuture(request.to().id())
        : relations.user(request.to()).map(user -> user.id());
    return recipient
        .compose(rid -> relations.areFriends(uid, rid).compose(friends -> friends
            ? Future.succeededFuture(rid)
            // An unknown id is no_such_user; a known user who is not a friend is not_friends.
            : relations.user(rid).compose(user -> Future.failedFuture(Errors.notFriends(user.name())))))
        .compose(rid -> log.append(new Draft(ConvId.direct(uid, rid), request.caller().ref(), rid, null,
                request.text(), request.cid()))
            .map(appended -> deliver(appended, List.of(rid), request.session())));
  }

  public Future<Sent> groupSend(GroupSendRequest request) {
    limits.checkText(request.text());
    if (request.cid() != null) {
      limits.checkCid(request.cid());
    }
    int uid = request.caller().id();
    return relations.groupOfMember(request.group(), uid)
        .compose(group -> log.append(new Draft(ConvId.group(group.id()), request.caller().ref(), null,
                new GroupRef(group.id(), group.name()), request.text(), request.cid()))
            .map(appended -> deliver(appended, group.members().stream().filter(member -> member != uid).toList(),
                request.session())));
  }

  /** A fresh message goes to its recipients and the sender's other sessions; a repeat goes nowhere. */
  private Sent deliver(Appended appended, List<Integer> recipients, String sendingSession) {
    if (appended.stored() != null) {
      List<Integer> away = fanout.message(appended.stored(), recipients, sendingSession);
      if (!away.isEmpty()) {
        // Fire and forget: nothing here waits for the push service, or hears from it.
        services.send(Actions.Push.STORED, new StoredMessage(appended.stored(), away));
      }
    }
    return appended.reply();
  }
}
