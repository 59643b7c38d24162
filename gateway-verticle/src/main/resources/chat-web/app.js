// The web client: logs in with acknowledgements on (ack:true), acknowledges what it has shown,
// keeps its login token in sessionStorage so that a reload stays logged in, logs in again by
// itself with the token after a drop, pages history as the user scrolls up, and sends each
// message with a cid, so that sending it again after a drop cannot send it twice.

import { ChatConnection, Disconnected } from './connection.js';
import { Directory, groupConv } from './conversations.js';

const TOKEN_KEY = 'chat.token';
const OPEN_KEY = 'chat.open';
const PAGE = 50;
const NEAR_BOTTOM_PX = 80;
const NEAR_TOP_PX = 60;
const BYE_TEXTS = {
  shutting_down: 'The server is restarting.',
  idle_timeout: 'Disconnected after a long quiet time.',
  slow_consumer: 'Disconnected: this page fell behind.',
  too_many_connections: 'The server is full.',
  frame_too_large: 'Disconnected: a message was too large.',
};

const $ = (id) => document.getElementById(id);
const directory = new Directory();
const connection = new ChatConnection(socketUrl(), { onReady, onEvent, onState });
let loggedIn = false;
let openConv = null;
let deleteArmed = null;

function socketUrl() {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

// ---- Connection and login ----

async function onReady() {
  loggedIn = false;
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) {
    return;
  }
  try {
    await afterLogin(await connection.request('login', { token, ack: true }));
  } catch (e) {
    if (e.code === 'bad_credentials') {
      forget();
      showLogin('Your session has ended. Log in again.');
    } else if (!(e instanceof Disconnected)) {
      // rate_limited, busy, unavailable: the next socket tries again
      setConnectionState('The server cannot log you in right now. Trying again soon.');
      setTimeout(() => connection.restart(), 3000);
    }
  }
}

function onState(state, detail) {
  if (state === 'open') {
    setConnectionState('');
  } else if (state === 'connecting') {
    setConnectionState(sessionStorage.getItem(TOKEN_KEY) ? 'Connecting…' : '');
  } else {
    const why = BYE_TEXTS[detail.reason] || 'Connection lost.';
    setConnectionState(`${why} Reconnecting in ${Math.ceil(detail.delay / 1000)} s…`);
  }
}

function setConnectionState(text) {
  $('connection-state').textContent = text;
  if (!$('login-view').hidden && text) {
    loginStatus(text);
  }
}

async function logIn(event) {
  event.preventDefault();
  const credentials = readCredentials();
  if (!credentials) {
    return;
  }
  loginStatus('Logging in…');
  try {
    await connection.whenReady();
    const reply = await connection.request('login', { ...credentials, ack: true });
    $('login-password').value = '';
    await afterLogin(reply);
  } catch (e) {
    loginStatus(explain(e), true);
  }
}

async function register() {
  const credentials = readCredentials();
  if (!credentials) {
    return;
  }
  loginStatus('Registering…');
  try {
    await connection.whenReady();
    const reply = await connection.request('register', credentials);
    loginStatus(`Registered ${reply.user.name}. You can log in now.`);
  } catch (e) {
    loginStatus(explain(e), true);
  }
}

function readCredentials() {
  const name = $('login-name').value.trim();
  const password = $('login-password').value;
  if (!name || !password) {
    loginStatus('Enter a name and a password.', true);
    return null;
  }
  return { name, password };
}

async function afterLogin(reply) {
  sessionStorage.setItem(TOKEN_KEY, reply.token);
  loggedIn = true;
  connection.succeeded();
  directory.loggedIn(reply);
  $('me-name').textContent = reply.user.name;
  showChat();
  setConnectionState('');
  renderSidebar();
  // Busy until the list has every conversation's cursor: its unread counts are right from then on.
  $('conversation-list').setAttribute('aria-busy', 'true');
  const conversations = await connection.request('conversations');
  directory.positions(conversations.convs);
  $('conversation-list').setAttribute('aria-busy', 'false');
  renderSidebar();
  resendPending();
  const remembered = openConv || sessionStorage.getItem(OPEN_KEY);
  if (remembered && directory.conversations.has(remembered)) {
    await openConversation(remembered, { focus: false });
  } else {
    closeConversation();
  }
}

async function logOut() {
  try {
    if (loggedIn) {
      await connection.request('logout');
    }
  } catch (e) {
    // A new socket ends the session; the token is forgotten here either way.
    connection.restart();
  }
  forget();
  showLogin('You are logged out.');
}

function forget() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(OPEN_KEY);
  loggedIn = false;
  openConv = null;
  directory.reset(null);
}

// ---- Events ----

function onEvent(event) {
  if (!directory.me) {
    return;
  }
  switch (event.event) {
    case 'message':
      receive(event);
      break;
    case 'presence': {
      const friend = directory.friends.get(event.user.id);
      if (friend) {
        friend.online = event.online;
      }
      renderSidebar();
      renderHeader();
      break;
    }
    case 'friend_added':
      directory.addFriend(event.user);
      notice(`${event.user.name} added you as a friend.`);
      renderSidebar();
      renderHeader();
      break;
    case 'friend_removed':
      directory.removeFriend(event.user);
      notice(`${event.user.name} removed you as a friend.`);
      afterRemoval();
      break;
    case 'group_member_joined':
    case 'group_member_left':
      memberChanged(event, event.event === 'group_member_joined');
      break;
    case 'group_deleted':
      directory.removeGroup(event.group);
      notice(`The group ${event.group.name} was deleted.`);
      afterRemoval();
      break;
    default:
      break;
  }
}

function receive(event) {
  const conversation = directory.forMessage(event);
  if (conversation.loaded && event.seq < conversation.oldestSeq() - 1) {
    // Older than the messages shown and not next to them (replayed at a login): shown from the
    // history when the user scrolls up to it, so that no gap hides between them.
    return;
  }
  const isNew = conversation.add({ seq: event.seq, msgId: event.msg_id, from: event.from, text: event.text, ts: event.ts });
  if (!isNew) {
    return;
  }
  const mine = event.from.id === directory.me.id;
  if (conversation.conv === openConv) {
    renderMessages(conversation, 'append');
    acknowledgeShown();
  } else if (mine && Math.max(conversation.ackedSeq, conversation.ackSent) >= event.seq - 1) {
    // Sent from another of the user's sessions: read by the user already.
    ack(conversation, event.seq);
  }
  renderSidebar();
}

function memberChanged(event, joined) {
  if (event.user.id === directory.me.id) {
    // Another session of this user joined or left.
    if (joined) {
      directory.addGroup({ ...event.group, role: 'normal' });
    } else {
      directory.removeGroup(event.group);
    }
    afterRemoval();
    return;
  }
  const conversation = directory.conversations.get(groupConv(event.group.id));
  if (!conversation) {
    return;
  }
  conversation.system.push({ ts: Date.now(), text: `${event.user.name} ${joined ? 'joined' : 'left'} the group` });
  if (conversation.conv === openConv) {
    renderMessages(conversation, 'append');
    loadMembers(conversation);
  }
}

/** A friend or group may have gone: the open conversation closes when it went with them. */
function afterRemoval() {
  if (openConv && !directory.conversations.has(openConv)) {
    closeConversation();
  }
  renderSidebar();
  renderHeader();
}

// ---- Acknowledgements ----

function currentConversation() {
  return openConv ? directory.conversations.get(openConv) : null;
}

/** Acknowledges what the open conversation shows, while the page is seen. */
function acknowledgeShown() {
  const conversation = currentConversation();
  if (conversation && conversation.loaded && loggedIn && document.visibilityState === 'visible') {
    ack(conversation, conversation.shownUpTo());
  }
}

function ack(conversation, seq) {
  if (seq <= Math.max(conversation.ackedSeq, conversation.ackSent)) {
    return;
  }
  conversation.ackSent = seq;
  connection.request('ack', { conv: conversation.conv, seq })
    .then(() => {
      conversation.ackedSeq = Math.max(conversation.ackedSeq, seq);
    }, () => {
      // Not taken (a drop): sent again once the conversation is shown after the next login.
      if (conversation.ackSent === seq) {
        conversation.ackSent = 0;
      }
    })
    .finally(renderSidebar);
  renderSidebar();
}

// ---- One conversation ----

async function openConversation(conv, { focus = true } = {}) {
  const conversation = directory.conversations.get(conv);
  if (!conversation) {
    return;
  }
  openConv = conv;
  deleteArmed = null;
  sessionStorage.setItem(OPEN_KEY, conv);
  $('no-conversation').hidden = true;
  $('open-conversation').hidden = false;
  $('layout').classList.add('show-conversation');
  renderHeader();
  renderMessages(conversation, 'bottom');
  renderSidebar();
  if (focus) {
    $('message').focus();
  }
  try {
    if (!conversation.loaded) {
      await loadLatest(conversation);
    } else {
      await loadNewer(conversation);
    }
  } catch (e) {
    notice(explain(e), true);
  }
  if (conversation.kind === 'group') {
    loadMembers(conversation);
  }
  acknowledgeShown();
}

function closeConversation() {
  openConv = null;
  sessionStorage.removeItem(OPEN_KEY);
  $('open-conversation').hidden = true;
  $('no-conversation').hidden = false;
  $('layout').classList.remove('show-conversation');
  renderSidebar();
}

function historyRequest(conversation, fields) {
  const naming = conversation.kind === 'direct' ? { with: conversation.peer.id } : { group: conversation.peer.id };
  return connection.request('history', { ...naming, ...fields });
}

function addAll(conversation, messages) {
  for (const m of messages) {
    conversation.add({ seq: m.seq, msgId: m.msg_id, from: m.from, text: m.text, ts: m.ts });
  }
}

/** The latest page; messages known from before it (replayed at the login) come back when scrolling up. */
async function loadLatest(conversation) {
  const reply = await historyRequest(conversation, { limit: PAGE });
  const oldest = reply.messages.length ? reply.messages[0].seq : Infinity;
  for (const seq of [...conversation.messages.keys()]) {
    if (seq < oldest) {
      conversation.messages.delete(seq);
    }
  }
  addAll(conversation, reply.messages);
  conversation.loaded = true;
  conversation.more = reply.more;
  if (conversation.conv === openConv) {
    renderMessages(conversation, 'bottom');
    fillView(conversation);
  }
}

/** Older pages until the view can scroll (or the history has no more), so that scrolling up can ask for more. */
function fillView(conversation) {
  const box = $('messages');
  if (conversation.conv === openConv && conversation.more && box.scrollHeight <= box.clientHeight) {
    loadOlder(conversation);
  }
}

/** What came while this page was away (a drop): everything after the newest message shown. */
async function loadNewer(conversation) {
  let more = true;
  while (more) {
    const reply = await historyRequest(conversation, { after: conversation.newestSeq(), limit: 200 });
    addAll(conversation, reply.messages);
    more = reply.more && reply.messages.length > 0;
  }
  if (conversation.conv === openConv) {
    renderMessages(conversation, 'append');
  }
}

async function loadOlder(conversation) {
  if (!conversation.loaded || !conversation.more || conversation.loadingOlder) {
    return;
  }
  conversation.loadingOlder = true;
  renderHistoryState(conversation);
  try {
    const reply = await historyRequest(conversation, { before: conversation.oldestSeq(), limit: PAGE });
    addAll(conversation, reply.messages);
    conversation.more = reply.more;
  } catch (e) {
    notice(explain(e), true);
  } finally {
    conversation.loadingOlder = false;
  }
  if (conversation.conv === openConv) {
    renderMessages(conversation, 'prepend');
    fillView(conversation);
  }
}

async function loadMembers(conversation) {
  try {
    const reply = await connection.request('group_members', { group: conversation.peer.id });
    conversation.members = reply.members;
    renderHeader();
  } catch (e) {
    // the header shows no count
  }
}

// ---- Sending ----

function newCid() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function sendMessage(event) {
  if (event) {
    event.preventDefault();
  }
  const conversation = currentConversation();
  const input = $('message');
  const text = input.value;
  if (!conversation || !text.trim() || input.disabled) {
    return;
  }
  input.value = '';
  fitComposer();
  const item = { cid: newCid(), text, ts: Date.now(), failed: null };
  conversation.pending.push(item);
  renderMessages(conversation, 'bottom');
  deliver(conversation, item);
}

async function deliver(conversation, item) {
  const [op, fields] = conversation.kind === 'direct'
    ? ['send', { to: conversation.peer.id }]
    : ['group_send', { group: conversation.peer.id }];
  try {
    const reply = await connection.request(op, { ...fields, text: item.text, cid: item.cid });
    conversation.pending = conversation.pending.filter((other) => other !== item);
    conversation.add({ seq: reply.seq, msgId: reply.msg_id, from: directory.me, text: item.text, ts: reply.ts });
    if (conversation.conv === openConv) {
      acknowledgeShown();
    }
  } catch (e) {
    if (!(e instanceof Disconnected)) {
      item.failed = explain(e);
    }
    // Disconnected: it stays pending and goes again, with its cid, after the next login.
  }
  if (conversation.conv === openConv) {
    renderMessages(conversation, 'append');
  }
  renderSidebar();
}

function resendPending() {
  for (const conversation of directory.conversations.values()) {
    for (const item of conversation.pending) {
      if (!item.failed) {
        deliver(conversation, item);
      }
    }
  }
}

// ---- Friends and groups ----

async function addFriend(event) {
  event.preventDefault();
  const name = $('add-friend').value.trim();
  if (!name) {
    return;
  }
  try {
    const reply = await connection.request('friend_add', { name });
    $('add-friend').value = '';
    const conversation = directory.addFriend(reply.friend);
    notice(`${reply.friend.name} is your friend now.`);
    await openConversation(conversation.conv);
  } catch (e) {
    notice(explain(e), true);
  }
}

async function createGroup(event) {
  event.preventDefault();
  const name = $('new-group').value.trim();
  if (!name) {
    return;
  }
  try {
    const reply = await connection.request('group_create', { name });
    $('new-group').value = '';
    notice(`You created the group ${reply.group.name}.`);
    await openConversation(directory.addGroup(reply.group).conv);
  } catch (e) {
    notice(explain(e), true);
  }
}

async function joinGroup(event) {
  event.preventDefault();
  const name = $('join-group').value.trim();
  if (!name) {
    return;
  }
  try {
    const reply = await connection.request('group_join', { group: name });
    $('join-group').value = '';
    notice(`You joined the group ${reply.group.name}.`);
    await openConversation(directory.addGroup(reply.group).conv);
  } catch (e) {
    notice(explain(e), true);
  }
}

/** The open conversation's button: remove the friend, leave the group, or (its creator) delete it. */
async function conversationAction() {
  const conversation = currentConversation();
  if (!conversation) {
    return;
  }
  try {
    if (conversation.kind === 'direct') {
      await connection.request('friend_remove', { id: conversation.peer.id });
      directory.removeFriend(conversation.peer);
      notice(`${conversation.name} is no longer your friend.`);
    } else if (directory.groups.get(conversation.peer.id)?.role !== 'creator') {
      await connection.request('group_leave', { group: conversation.peer.id });
      directory.removeGroup(conversation.peer);
      notice(`You left the group ${conversation.name}.`);
    } else if (deleteArmed !== conversation.conv) {
      deleteArmed = conversation.conv;
      renderHeader();
      setTimeout(() => {
        if (deleteArmed === conversation.conv) {
          deleteArmed = null;
          renderHeader();
        }
      }, 4000);
      return;
    } else {
      await connection.request('group_delete', { group: conversation.peer.id });
      directory.removeGroup(conversation.peer);
      notice(`You deleted the group ${conversation.name}.`);
    }
  } catch (e) {
    notice(explain(e), true);
  }
  deleteArmed = null;
  afterRemoval();
}

// ---- Rendering ----

function showLogin(message) {
  $('chat-view').hidden = true;
  $('login-view').hidden = false;
  loginStatus(message || '');
  document.title = 'Chat';
  $('login-name').focus();
}

function showChat() {
  $('login-view').hidden = true;
  $('chat-view').hidden = false;
}

function loginStatus(text, isError = false) {
  const status = $('login-status');
  status.textContent = text;
  status.classList.toggle('error', isError);
}

let noticeTimer = null;

/** A line under the forms: what an action did (gone after a while) or why it failed (stays until the next). */
function notice(text, isError = false) {
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

function explain(e) {
  if (e instanceof Disconnected) {
    return 'Not connected to the server. Try again in a moment.';
  }
  return e.message || String(e);
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

function renderSidebar() {
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
    button.setAttribute('aria-current', String(conversation.conv === openConv));
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
    button.addEventListener('click', () => openConversation(conversation.conv));
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

function renderHeader() {
  const conversation = currentConversation();
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
  action.classList.toggle('danger', deleteArmed === conversation.conv);
  action.textContent = conversation.kind === 'direct' ? 'Remove friend'
    : role !== 'creator' ? 'Leave group'
      : deleteArmed === conversation.conv ? 'Click again to delete' : 'Delete group';
  const input = $('message');
  const canWrite = conversation.kind === 'group' || isFriend;
  input.disabled = !canWrite;
  $('send-button').disabled = !canWrite;
  input.placeholder = canWrite ? 'Write a message…'
    : 'You can write again once you are friends';
}

function renderHistoryState(conversation) {
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
function renderMessages(conversation, mode) {
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
      const conversation = currentConversation();
      renderMessages(conversation, 'append');
      deliver(conversation, pending);
    });
    item.append(retry);
  }
  return item;
}

function fitComposer() {
  const input = $('message');
  input.style.height = 'auto';
  input.style.height = `${Math.min(input.scrollHeight + 2, 160)}px`;
}

// ---- Wiring ----

function start() {
  $('login-form').addEventListener('submit', logIn);
  $('register-button').addEventListener('click', register);
  $('logout-button').addEventListener('click', logOut);
  $('add-friend-form').addEventListener('submit', addFriend);
  $('new-group-form').addEventListener('submit', createGroup);
  $('join-group-form').addEventListener('submit', joinGroup);
  $('conversation-action').addEventListener('click', conversationAction);
  $('back-button').addEventListener('click', closeConversation);
  $('composer').addEventListener('submit', sendMessage);
  $('message').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      sendMessage(event);
    }
  });
  $('message').addEventListener('input', fitComposer);
  $('messages').addEventListener('scroll', () => {
    const conversation = currentConversation();
    if (conversation && $('messages').scrollTop < NEAR_TOP_PX) {
      loadOlder(conversation);
    }
  });
  document.addEventListener('visibilitychange', acknowledgeShown);
  window.addEventListener('focus', acknowledgeShown);
  if (sessionStorage.getItem(TOKEN_KEY)) {
    showChat();
  } else {
    showLogin('');
  }
  connection.start();
}

start();
