/**
 * Server-Sent Events for the web inbox: a `change` event whenever what the page shows may have
 * changed — a message or OTP arrived, one was cancelled or verified, the sandbox was reset, or a
 * delivery instant passed (pending → final). The page refetches what it shows; events carry no
 * message data.
 *
 * Delivery statuses come from the clock, so nothing is told when one changes: while a client is
 * connected a timer looks for delivery instants passed since the last look (only messages not
 * yet delivered are checked). With no client connected nothing runs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store, StoredMessage } from './state.js';

export const TICK_MS = 250;
/** A comment line this often keeps proxies and the browser from timing the stream out. */
export const HEARTBEAT_MS = 15_000;
/** How soon a browser's EventSource (or the page's reader) reconnects after losing the stream. */
export const RETRY_MS = 1000;

export type ChangeKind = 'messages' | 'status' | 'reset' | 'changed';

export class EventHub {
  private clients = new Set<ServerResponse>();
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private version = 0;
  private changes = 0;
  private seen = { messages: undefined as StoredMessage[] | undefined, count: 0, otps: 0, changes: 0 };
  /** Messages whose delivery instant had not passed at the last look. */
  private undelivered: StoredMessage[] = [];

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {
    // The persister owns onChange; chained, it also counts changes made in place (cancel, verify).
    const previous = store.onChange;
    store.onChange = () => {
      this.changes++;
      previous();
    };
  }

  get connected(): number {
    return this.clients.size;
  }

  /** Takes over a response as an event stream until the client goes away or the hub closes. */
  attach(res: ServerResponse, req: IncomingMessage): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // Reverse proxies (nginx) buffer responses unless told not to.
      'X-Accel-Buffering': 'no',
    });
    req.socket.setNoDelay(true);
    if (this.clients.size === 0) this.start();
    this.clients.add(res);
    res.write(`retry: ${RETRY_MS}\nevent: hello\ndata: ${JSON.stringify({ version: this.version })}\n\n`);
    const drop = (): void => {
      this.clients.delete(res);
      if (this.clients.size === 0) this.stop();
    };
    req.on('close', drop);
    res.on('close', drop);
  }

  private start(): void {
    this.snapshot();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.heartbeat = setInterval(() => this.broadcast(': keep-alive\n\n'), HEARTBEAT_MS);
    this.timer.unref();
    this.heartbeat.unref();
  }

  private stop(): void {
    clearInterval(this.timer);
    clearInterval(this.heartbeat);
    this.timer = this.heartbeat = undefined;
  }

  /** Where the store stands now, so the next tick reports only what changed after. */
  private snapshot(): void {
    const s = this.store;
    const now = this.now();
    this.seen = { messages: s.messages, count: s.messages.length, otps: s.otps.length, changes: this.changes };
    this.undelivered = s.messages.filter((m) => m.cancelledAt === null && m.deliverAt > now);
  }

  /** Looks for changes since the last tick; sends one event naming them. Public for tests. */
  tick(): ChangeKind[] {
    const s = this.store;
    const now = this.now();
    const kinds: ChangeKind[] = [];
    if (s.messages !== this.seen.messages || s.messages.length < this.seen.count || s.otps.length < this.seen.otps) {
      this.snapshot();
      kinds.push('reset');
    } else {
      if (s.messages.length > this.seen.count || s.otps.length > this.seen.otps) kinds.push('messages');
      for (let i = this.seen.count; i < s.messages.length; i++) {
        const m = s.messages[i]!;
        if (m.deliverAt > now) this.undelivered.push(m);
      }
      const before = this.undelivered.length;
      this.undelivered = this.undelivered.filter((m) => m.cancelledAt === null && m.deliverAt > now);
      if (this.undelivered.length < before) kinds.push('status');
      if (this.changes !== this.seen.changes && kinds.length === 0) kinds.push('changed');
      this.seen = { messages: s.messages, count: s.messages.length, otps: s.otps.length, changes: this.changes };
    }
    if (kinds.length) {
      this.version++;
      this.broadcast(`event: change\nid: ${this.version}\ndata: ${JSON.stringify({ version: this.version, kinds })}\n\n`);
    }
    return kinds;
  }

  private broadcast(frame: string): void {
    for (const res of this.clients) res.write(frame);
  }

  /** Ends every stream (a server does not close while responses are open). */
  close(): void {
    this.stop();
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
