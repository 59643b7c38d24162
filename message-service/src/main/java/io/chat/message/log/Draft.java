package io.chat.message.log;

import io.chat.common.model.ConvId;
import io.chat.common.model.GroupRef;
import io.chat.common.model.UserRef;

/**
 * A message to append to its conversation's log, checked and addressed, not yet numbered: a
 * direct message has {@code to}, a group message its group.
 *
 * @param cid the sender's client id, or null
 */
public record Draft(ConvId conv, UserRef from, Integer to, GroupRef group, String text, String cid) {
}
