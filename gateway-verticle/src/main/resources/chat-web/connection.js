// One WebSocket to the node that keeps itself up: requests matched to their replies by ref,
// events handed on, a ping while idle, and a new socket after a drop, with a growing delay.

const RECONNECT_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15000];
const REQUEST_TIMEOUT_MS = 20000;
const KEEPALIVE_MS = 30000;

/** A reply with ok:false: its code (bad_credentials, not_friends, ...) and the server's text. */
export class ProtocolError extends Error {
  constructor(reply) {
    super(reply.message || reply.error);
    this.code = reply.error;
    this.reply = reply;
  }
}

/** The socket closed before a request was answered (it may or may not have been carried out). */
export class Disconnected extends Error {
  constructor() {
    super('not connected to the server');
    this.code = 'disconnected';
  }
}

export class ChatConnection {
  /**
   * @param url the node's WebSocket address
   * @param handlers onReady() once each socket said hello, onEvent(event), onState(state, detail)
   *     with state 'connecting', 'open' or 'waiting' (detail: the delay and the last bye reason)
   */
  constructor(url, handlers) {
    this.url = url;
    this.handlers = handlers;
    this.socket = null;
    this.ready = false;
    this.nextRef = 1;
    this.pending = new Map();
    this.failures = 0;
    this.byeReason = null;
    this.stopped = false;
    this.retryTimer = null;
    this.keepalive = null;
    this.readyWaiters = [];
  }

  start() {
    this.stopped = false;
    this.open();
  }

  /** Sends a request; resolves with the ok reply, rejects with ProtocolError or Disconnected. */
  request(op, fields = {}) {
    if (!this.ready) {
      return Promise.reject(new Disconnected());
    }
    const ref = this.nextRef++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(ref);
        reject(new Disconnected());
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(ref, { resolve, reject, timer });
      this.socket.send(JSON.stringify({ ...fields, op, ref }));
    });
  }

  /** Resolves once a socket is open and said hello (at once if one is); rejects after a while. */
  whenReady(timeoutMs = 15000) {
    if (this.ready) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = { resolve, timer: setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((other) => other !== waiter);
        reject(new Disconnected());
      }, timeoutMs) };
      this.readyWaiters.push(waiter);
    });
  }

  /** Starts over at once (after a logout, say) instead of waiting for the next attempt. */
  restart() {
    if (this.socket) {
      this.socket.close();
    } else {
      clearTimeout(this.retryTimer);
      this.open();
    }
  }

  /** A connection that stays up was a success: the next drop waits the shortest delay again. */
  succeeded() {
    this.failures = 0;
  }

  open() {
    this.retryTimer = null;
    this.ready = false;
    this.handlers.onState('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onmessage = (message) => this.receive(message.data);
    socket.onclose = () => this.dropped(socket);
  }

  receive(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch (e) {
      return;
    }
    if (frame.event === 'hello') {
      this.ready = true;
      this.byeReason = null;
      this.handlers.onState('open');
      this.startKeepalive();
      this.handlers.onReady();
      for (const waiter of this.readyWaiters.splice(0)) {
        clearTimeout(waiter.timer);
        waiter.resolve();
      }
    } else if (frame.event === 'bye') {
      this.byeReason = frame.reason;
    } else if (frame.event) {
      this.handlers.onEvent(frame);
    } else if (frame.ref !== undefined && this.pending.has(frame.ref)) {
      const waiting = this.pending.get(frame.ref);
      this.pending.delete(frame.ref);
      clearTimeout(waiting.timer);
      if (frame.ok) {
        waiting.resolve(frame);
      } else {
        waiting.reject(new ProtocolError(frame));
      }
    }
  }

  dropped(socket) {
    if (socket !== this.socket) {
      return;
    }
    this.socket = null;
    this.ready = false;
    clearInterval(this.keepalive);
    for (const waiting of this.pending.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(new Disconnected());
    }
    this.pending.clear();
    if (this.stopped) {
      return;
    }
    const base = RECONNECT_DELAYS_MS[Math.min(this.failures, RECONNECT_DELAYS_MS.length - 1)];
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.failures++;
    this.handlers.onState('waiting', { delay, reason: this.byeReason });
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  /** A ping now and then keeps the node's idle timeout away, and finds a dead socket. */
  startKeepalive() {
    clearInterval(this.keepalive);
    this.keepalive = setInterval(() => {
      if (this.ready) {
        this.request('ping').catch((e) => {
          if (e instanceof Disconnected && this.socket) {
            this.socket.close();
          }
        });
      }
    }, KEEPALIVE_MS);
  }
}
