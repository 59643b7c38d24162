// The web client: logs in with acknowledgements on (ack:true), acknowledges what it has shown,
// keeps its login token in sessionStorage so that a reload stays logged in, logs in again by
// itself with the token after a drop, pages history as the user scrolls up, and sends each
// message with a cid, so that sending it again after a drop cannot send it twice.

import { ChatConnection, Disconnected } from './connection.js';
import { Directory, groupConv } from './conversations.js';
import {
  $, bindView, fitComposer, loginStatus, notice, renderHeader, renderHistoryState, renderMessages, renderSidebar,
  showChat, showLogin,
} from './view.js';

const TOKEN_KEY = 'chat.token';
const OPEN_KEY = 'chat.open';
const PAGE = 50;
const NEAR_TOP_PX = 60;
const BYE_TEXTS = {
  shutting_down: 'The server is restarting.',
  idle_timeout: 'Disconnected after a long quiet time.',
  slow_consumer: 'Disconnected: this page fell behind.',
  too_many_connections: 'The server is full.',
  frame_too_large: 'Disconnected: a message was too large.',
};

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

// ---- Errors ----

function explain(e) {
  if (e instanceof Disconnected) {
    return 'Not connected to the server. Try again in a moment.';
  }
  return e.message || String(e);
}

// ---- Wiring ----

function start() {
  bindView(directory, { openConv: () => openConv, deleteArmed: () => deleteArmed, current: currentConversation },
    { open: (conv) => openConversation(conv), retry: (conversation, item) => deliver(conversation, item) });
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
