// What the page shows: the login form, the list of conversations, the open conversation. It
// reads the client's state and calls back for what the user does; the client's state is not kept
// here.

const NEAR_BOTTOM_PX = 80;

export const $ = (id) => document.getElementById(id);

let directory = null;
let client = null;
let actions = null;

/**
 * @param chatDirectory the friends, groups and conversations (conversations.js)
 * @param clientState openConv(), deleteArmed() and current() (the open conversation)
 * @param userActions open(conv) and retry(conversation, pending message)
 */
export function bindView(chatDirectory, clientState, userActions) {
  directory = chatDirectory;
  client = clientState;
  actions = userActions;
}

export function showLogin(message) {
  $('chat-view').hidden = true;
  $('login-view').hidden = false;
  loginStatus(message || '');
  document.title = 'Chat';
  $('login-name').focus();
}

export function showChat() {
  $('login-view').hidden = true;
  $('chat-view').hidden = false;
}

export function loginStatus(text, isError = false) {
  const status = $('login-status');
  status.textContent = text;
  status.classList.toggle('error', isError);
}

let noticeTimer = null;

/** A line under the forms: what an action did (gone after a while) or why it failed (stays until the next). */
export function notice(text, isError = false) {
  const line = $('notice');
  line.textContent = text;
  line.classList.toggle('error', isError);
  clearTimeout(noticeTimer);
  if (!isError) {
    noticeTimer = setTimeout(() => {
      line.textContent = '';
    }, 8000);
  }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function avatar(conversation, large) {
  const node = element('div', `avatar${conversation.kind === 'group' ? ' group' : ''}${large ? ' large' : ''}`,
    conversation.kind === 'group' ? '#' : conversation.name.slice(0, 1).toUpperCase());
  let hue = 0;
  for (const ch of conversation.name) {
    hue = (hue * 31 + ch.codePointAt(0)) % 360;
  }
  node.style.background = `hsl(${hue} 55% 48%)`;
  node.setAttribute('aria-hidden', 'true');
  const friend = conversation.kind === 'direct' ? directory.friends.get(conversation.peer.id) : null;
  if (friend) {
    node.append(element('span', `dot${friend.online ? ' online' : ''}`));
  }
  return node;
}

function clock(ts) {
  return new Date(ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function dayLabel(ts) {
  const day = new Date(ts);
  const today = new Date();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (day.toDateString() === today.toDateString()) {
    return 'Today';
  }
  if (day.toDateString() === yesterday.toDateString()) {
    return 'Yesterday';
  }
  return day.toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

function shortTime(ts) {
  if (!ts) {
    return '';
  }
  return new Date(ts).toDateString() === new Date().toDateString() ? clock(ts)
    : new Date(ts).toLocaleDateString([], { day: 'numeric', month: 'short' });
}

/** A friend's presence or a group's kind, as the list and the header say it. */
function describe(conversation) {
  if (conversation.kind === 'group') {
    return { text: 'Group', online: false };
  }
  const friend = directory.friends.get(conversation.peer.id);
  if (!friend) {
    return { text: 'Not your friend', online: false };
  }
  return { text: friend.online ? 'Online' : 'Offline', online: friend.online };
}

export function renderSidebar() {
  if (!directory.me) {
    return;
  }
  const list = $('conversation-list');
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.conv : null;
  const items = directory.sorted().map((conversation) => {
    const state = describe(conversation);
    const unread = conversation.unread;
    const button = element('button', `conversation-button${unread ? ' has-unread' : ''}`);
    button.type = 'button';
    button.dataset.conv = conversation.conv;
    button.setAttribute('aria-current', String(conversation.conv === client.openConv()));
    button.setAttribute('aria-label', `${conversation.name}, ${state.text.toLowerCase()}`
      + (unread ? `, ${unread} unread` : ''));
    const text = element('div', 'conversation-text');
    const line = element('div', 'conversation-line');
    line.append(element('span', 'conversation-name', conversation.name),
      element('span', 'conversation-time', shortTime(conversation.lastTs)));
    text.append(line, element('span', `conversation-detail${state.online ? ' online' : ''}`, state.text));
    button.append(avatar(conversation, false), text);
    if (unread) {
      button.append(element('span', 'unread', String(unread)));
    }
    button.addEventListener('click', () => actions.open(conversation.conv));
    const item = element('li');
    item.append(button);
    return item;
  });
  list.replaceChildren(...items);
  if (focused) {
    const again = list.querySelector(`[data-conv="${CSS.escape(focused)}"]`);
    if (again) {
      again.focus();
    }
  }
  const friends = [...directory.friends.values()];
  const online = friends.filter((friend) => friend.online).length;
  $('conversations-summary').textContent = `${friends.length} ${friends.length === 1 ? 'friend' : 'friends'}, `
    + `${online} online · ${directory.groups.size} ${directory.groups.size === 1 ? 'group' : 'groups'}`;
  $('conversations-empty').hidden = items.length > 0;
  const total = directory.totalUnread();
  document.title = total ? `(${total}) Chat` : 'Chat';
}

export function renderHeader() {
  const conversation = client.current();
  if (!conversation) {
    return;
  }
  $('conversation-name').textContent = conversation.name;
  $('conversation-avatar').replaceWith(Object.assign(avatar(conversation, true), { id: 'conversation-avatar' }));
  const subtitle = $('conversation-subtitle');
  const state = describe(conversation);
  if (conversation.kind === 'group' && conversation.members) {
    const online = conversation.members.filter((member) => member.online).length;
    subtitle.textContent = `Group · ${conversation.members.length} members, ${online} online`;
  } else {
    subtitle.textContent = state.text;
  }
  subtitle.classList.toggle('online', state.online);
  const action = $('conversation-action');
  const isFriend = directory.isFriend(conversation);
  const role = conversation.kind === 'group' ? directory.groups.get(conversation.peer.id)?.role : null;
  action.hidden = conversation.kind === 'direct' && !isFriend;
  action.classList.toggle('danger', client.deleteArmed() === conversation.conv);
  action.textContent = conversation.kind === 'direct' ? 'Remove friend'
    : role !== 'creator' ? 'Leave group'
      : client.deleteArmed() === conversation.conv ? 'Click again to delete' : 'Delete group';
  const input = $('message');
  const canWrite = conversation.kind === 'group' || isFriend;
  input.disabled = !canWrite;
  $('send-button').disabled = !canWrite;
  input.placeholder = canWrite ? 'Write a message…'
    : 'You can write again once you are friends';
}

export function renderHistoryState(conversation) {
  const state = $('history-state');
  if (!conversation.loaded || conversation.loadingOlder) {
    state.textContent = 'Loading messages…';
  } else if (conversation.more) {
    state.textContent = 'Scroll up for older messages';
  } else {
    state.textContent = conversation.messages.size ? 'This is the start of the conversation.'
      : 'No messages yet. Say hello!';
  }
}

/** Re-renders the open conversation: 'bottom' scrolls to the end, 'append' stays at the end if there, 'prepend' keeps the view. */
export function renderMessages(conversation, mode) {
  const box = $('messages');
  const wasNearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < NEAR_BOTTOM_PX;
  const oldHeight = box.scrollHeight;
  const oldTop = box.scrollTop;
  renderHistoryState(conversation);
  const entries = [
    ...conversation.ordered().map((message) => ({ ts: message.ts, message })),
    ...conversation.system.map((line) => ({ ts: line.ts, line })),
  ].sort((a, b) => a.ts - b.ts);
  const items = [];
  let day = null;
  let lastAuthor = null;
  for (const entry of entries) {
    const label = dayLabel(entry.ts);
    if (label !== day) {
      day = label;
      lastAuthor = null;
      items.push(element('li', 'day', label));
    }
    if (entry.line) {
      items.push(element('li', 'system', entry.line.text));
      lastAuthor = null;
      continue;
    }
    const message = entry.message;
    const mine = message.from.id === directory.me.id;
    const showAuthor = conversation.kind === 'group' && !mine && lastAuthor !== message.from.id;
    lastAuthor = message.from.id;
    items.push(messageItem(message.text, mine, showAuthor ? message.from.name : null, message.ts, null));
  }
  for (const item of conversation.pending) {
    items.push(messageItem(item.text, true, null, item.ts, item));
  }
  $('message-list').replaceChildren(...items);
  if (mode === 'prepend') {
    box.scrollTop = oldTop + (box.scrollHeight - oldHeight);
  } else if (mode === 'bottom' || wasNearBottom) {
    box.scrollTop = box.scrollHeight;
  }
}

function messageItem(text, mine, author, ts, pending) {
  const item = element('li', `message${mine ? ' mine' : ''}${pending && pending.failed ? ' failed' : ''}`);
  if (author) {
    item.append(element('span', 'author', author));
  }
  const bubble = element('div', 'bubble');
  bubble.append(element('p', 'text', text));
  const meta = element('span', 'meta');
  if (!pending) {
    const time = element('time', null, clock(ts));
    time.dateTime = new Date(ts).toISOString();
    meta.append(time);
  } else {
    meta.textContent = pending.failed ? `Not sent: ${pending.failed}` : 'Sending…';
  }
  bubble.append(meta);
  item.append(bubble);
  if (pending && pending.failed) {
    const retry = element('button', null, 'Retry');
    retry.type = 'button';
    retry.addEventListener('click', () => {
      pending.failed = null;
      const conversation = client.current();
      renderMessages(conversation, 'append');
      actions.retry(conversation, pending);
    });
    item.append(retry);
  }
  return item;
}

export function fitComposer() {
  const input = $('message');
  input.style.height = 'auto';
  input.style.height = `${Math.min(input.scrollHeight + 2, 160)}px`;
}
