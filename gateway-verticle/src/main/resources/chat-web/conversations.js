// What the client knows of the user's friends, groups and conversations. A conversation's
// messages are kept by seq, so a message that comes twice (replayed at a login and read in the
// history, say) is shown once; the unread count is what lies above the user's cursor.

export function directConv(a, b) {
  return `d:${Math.min(a, b)}:${Math.max(a, b)}`;
}

export function groupConv(groupId) {
  return `g:${groupId}`;
}

export class Conversation {
  constructor(conv, kind, peer) {
    this.conv = conv;
    this.kind = kind; // 'direct' or 'group'
    this.peer = peer; // {id, name}: the other user, or the group
    this.messages = new Map(); // seq -> message
    this.pending = []; // own messages not confirmed yet: {cid, text, ts, failed}
    this.system = []; // lines such as "bob joined", shown live only: {after (seq), text}
    this.lastSeq = 0;
    this.lastTs = 0;
    this.ackedSeq = 0; // the user's cursor, as the server confirmed it
    this.ackSent = 0; // an acknowledgement on its way
    this.members = null; // a group's members, once asked: [{id, name, role, online}]
    this.loaded = false; // the latest page of its history has been read
    this.more = false; // older messages remain in the history
    this.loadingOlder = false;
  }

  get name() {
    return this.peer.name;
  }

  get unread() {
    return Math.max(0, this.lastSeq - Math.max(this.ackedSeq, this.ackSent));
  }

  /** Adds a message unless its seq is known already; true when it was new. */
  add(message) {
    if (this.messages.has(message.seq)) {
      return false;
    }
    this.messages.set(message.seq, message);
    this.lastSeq = Math.max(this.lastSeq, message.seq);
    this.lastTs = Math.max(this.lastTs, message.ts);
    return true;
  }

  /** The messages in seq order. */
  ordered() {
    return [...this.messages.values()].sort((a, b) => a.seq - b.seq);
  }

  oldestSeq() {
    let oldest = Infinity;
    for (const seq of this.messages.keys()) {
      oldest = Math.min(oldest, seq);
    }
    return oldest === Infinity ? 0 : oldest;
  }

  newestSeq() {
    let newest = 0;
    for (const seq of this.messages.keys()) {
      newest = Math.max(newest, seq);
    }
    return newest;
  }

  /**
   * The highest seq shown with every message between it and the oldest one shown: what may be
   * acknowledged (an acknowledgement covers every message up to its seq).
   */
  shownUpTo() {
    const oldest = this.oldestSeq();
    if (oldest === 0) {
      return 0;
    }
    let seq = oldest;
    while (this.messages.has(seq + 1)) {
      seq++;
    }
    return seq;
  }
}

export class Directory {
  constructor() {
    this.reset(null);
  }

  reset(me) {
    this.me = me; // {id, name}
    this.friends = new Map(); // id -> {id, name, online}
    this.groups = new Map(); // id -> {id, name, desc, role}
    this.conversations = new Map(); // conv -> Conversation
  }

  /** The friends and groups of a login reply; those gone meanwhile are dropped. */
  loggedIn(reply) {
    if (!this.me || this.me.id !== reply.user.id) {
      this.reset(reply.user);
    }
    const friends = new Set(reply.friends.map((friend) => friend.id));
    for (const friend of [...this.friends.values()]) {
      if (!friends.has(friend.id)) {
        this.removeFriend(friend);
      }
    }
    const groups = new Set(reply.groups.map((group) => group.id));
    for (const group of [...this.groups.values()]) {
      if (!groups.has(group.id)) {
        this.removeGroup(group);
      }
    }
    for (const friend of reply.friends) {
      this.addFriend(friend);
    }
    for (const group of reply.groups) {
      this.addGroup(group);
    }
  }

  addFriend(friend) {
    this.friends.set(friend.id, { id: friend.id, name: friend.name, online: !!friend.online });
    return this.directWith(friend);
  }

  removeFriend(user) {
    this.friends.delete(user.id);
    const conversation = this.conversations.get(directConv(this.me.id, user.id));
    if (conversation && conversation.lastSeq === 0) {
      this.conversations.delete(conversation.conv);
    }
  }

  addGroup(group) {
    this.groups.set(group.id, { ...this.groups.get(group.id), ...group });
    return this.group(group);
  }

  removeGroup(group) {
    this.groups.delete(group.id);
    this.conversations.delete(groupConv(group.id));
  }

  /** The conversation with this user, made when missing. */
  directWith(user) {
    const conv = directConv(this.me.id, user.id);
    let conversation = this.conversations.get(conv);
    if (!conversation) {
      conversation = new Conversation(conv, 'direct', { id: user.id, name: user.name });
      this.conversations.set(conv, conversation);
    }
    return conversation;
  }

  /** The conversation of this group, made when missing. */
  group(group) {
    const conv = groupConv(group.id);
    let conversation = this.conversations.get(conv);
    if (!conversation) {
      conversation = new Conversation(conv, 'group', { id: group.id, name: group.name });
      this.conversations.set(conv, conversation);
    }
    return conversation;
  }

  /** The conversation a message event belongs to. */
  forMessage(message) {
    if (message.group) {
      return this.group(message.group);
    }
    const other = message.from.id === this.me.id ? message.to : message.from.id;
    const known = this.friends.get(other) || this.conversations.get(directConv(this.me.id, other))?.peer;
    return this.directWith(known || (message.from.id === other ? message.from : { id: other, name: `user ${other}` }));
  }

  /** The entries of the conversations op: cursors, last seq and time of each. */
  positions(entries) {
    for (const entry of entries) {
      const conversation = entry.group ? this.group(entry.group) : this.directWith(entry.with);
      conversation.lastSeq = Math.max(conversation.lastSeq, entry.last_seq);
      conversation.lastTs = Math.max(conversation.lastTs, entry.last_ts);
      conversation.ackedSeq = Math.max(conversation.ackedSeq, entry.acked_seq);
    }
  }

  isFriend(conversation) {
    return conversation.kind === 'direct' && this.friends.has(conversation.peer.id);
  }

  /** Most recently active first; those without messages after them, by name. */
  sorted() {
    return [...this.conversations.values()].sort((a, b) =>
      (b.lastTs - a.lastTs) || a.name.localeCompare(b.name));
  }

  totalUnread() {
    let total = 0;
    for (const conversation of this.conversations.values()) {
      total += conversation.unread;
    }
    return total;
  }
}
