/**
 * Sends webhooks and ThaiBulkSMS callbacks when the sandbox's messages and OTPs progress.
 * Delivery is otherwise computed lazily from the clock (delivery.ts); this is the one part that
 * must act at delivery time, so it keeps a single timer, armed only while something is due:
 * a watched message's next event, or a delivery's next attempt.
 *
 * - A receiver gets the events of messages created after it was registered (never a backlog).
 * - SEPSMS and ME-SMS messages send sms.sent (when it goes out), then at delivery dr.success /
 *   dr.failed for the first DR_EVENTS_PER_MESSAGE recipients and sms.completed (plus sms.failed
 *   when no recipient succeeded) with every recipient's summary. ThaiBulkSMS messages call their
 *   callback_url once per recipient.
 * - A failed attempt (no 2xx, refused, no answer in time) is retried after each of retryDelaysMs;
 *   every attempt is logged in the state (GET /__sandbox/webhooks/deliveries).
 */
import { SUCCESS } from './delivery.js';
import type { Store, StoredMessage, StoredOtp } from './state.js';
import { callbackFields, creditLowEvent, otpVerifiedEvent, recipientEvent, signatureHeaders, smsCompletedEvent, smsFailedEvent, smsSentEvent, txIdOf } from './webhook-events.js';
import type { EventPayload } from './webhook-events.js';
import type { DeliveryRecord, WebhookReceiver } from './webhook-types.js';

export const EMITTED_SENT = 1;
export const EMITTED_FINAL = 2;
const EMITTED_ALL = EMITTED_SENT | EMITTED_FINAL;

export const DEFAULT_RETRY_DELAYS_MS = [1_000, 4_000, 15_000, 60_000];
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 5_000;
export const DEFAULT_CREDIT_LOW_THRESHOLD = 1_000;
/** A 2,000,000-recipient message does not become 2,000,000 POSTs: sms.completed carries the whole summary. */
export const DR_EVENTS_PER_MESSAGE = 1_000;
/** Finished deliveries beyond this are dropped from the log, oldest first. */
export const DELIVERY_LOG_MAX = 2_000;
const MAX_IN_FLIGHT = 8;
/** How long close() lets attempts under way finish before cutting them off (they stay pending). */
const CLOSE_GRACE_MS = 1_000;
const WEBHOOK_PROVIDERS = new Set(['sepsms', 'mesms']);
const CREDIT_KEYS = ['sepsms', 'mesms'] as const;

export interface NotifierOptions {
  retryDelaysMs?: readonly number[];
  attemptTimeoutMs?: number;
  creditLowThreshold?: number;
}

const targetOf = (d: DeliveryRecord): string => d.receiverId ?? d.url;

export class Notifier {
  private readonly watched = new Set<StoredMessage>();
  private readonly inFlight = new Map<string, { abort: AbortController; done: Promise<void>; target: string }>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** While a tick runs, queueing does not re-arm the timer each time (the tick arms once at its end). */
  private ticking = false;
  private lastBalances: Record<string, number> = {};
  private counter = 0;
  private readonly retryDelays: readonly number[];
  private readonly attemptTimeoutMs: number;
  readonly creditLowThreshold: number;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    options: NotifierOptions = {},
  ) {
    this.retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
    this.creditLowThreshold = options.creditLowThreshold ?? DEFAULT_CREDIT_LOW_THRESHOLD;
    store.onMessage = (m) => this.messageAdded(m);
    store.onOtpVerified = (o) => this.otpVerified(o);
  }

  /** After the state is loaded: resume what a previous run left due (events and retries). */
  start(): void {
    for (const m of this.store.messages) if (((m.emitted ?? 0) & EMITTED_ALL) !== EMITTED_ALL) this.messageAdded(m);
    this.snapshotBalances();
    this.arm();
  }

  /** After POST /__sandbox/reset: the messages it watched are gone (their events with them). */
  reset(): void {
    this.watched.clear();
    this.snapshotBalances();
    this.arm();
  }

  /** After any state change: notices a balance falling under the threshold. */
  changed(): void {
    for (const key of CREDIT_KEYS) {
      const before = this.lastBalances[key];
      const after = this.store.balances[key];
      if (before !== undefined && before >= this.creditLowThreshold && after < this.creditLowThreshold) {
        this.emit(creditLowEvent(after, this.creditLowThreshold, this.now(), ++this.counter), this.now());
      }
    }
    this.snapshotBalances();
  }

  private snapshotBalances(): void {
    for (const key of CREDIT_KEYS) this.lastBalances[key] = this.store.balances[key];
  }

  private receiversFor(event: string, createdBefore: number): WebhookReceiver[] {
    return this.store.webhooks.filter((w) => w.createdAt <= createdBefore && (w.events.length === 0 || (w.events as string[]).includes(event)));
  }

  private messageAdded(m: StoredMessage): void {
    const hasCallback = m.provider === 'thaibulksms' && Boolean(m.meta.callback_url);
    const hasReceivers = WEBHOOK_PROVIDERS.has(m.provider) && this.store.webhooks.some((w) => w.createdAt <= m.createdAt);
    if (m.cancelledAt !== null || (!hasCallback && !hasReceivers)) {
      m.emitted = EMITTED_ALL;
      return;
    }
    this.watched.add(m);
    this.arm();
  }

  private otpVerified(o: StoredOtp): void {
    if (o.provider !== 'sepsms' || o.usedAt === null) return;
    this.emit(otpVerifiedEvent(o, o.usedAt), o.usedAt);
  }

  /** Queues one event for every receiver subscribed to it that existed at `since`. */
  private emit(payload: EventPayload, since: number): void {
    const body = JSON.stringify(payload);
    for (const w of this.receiversFor(payload.event, since)) {
      this.queue({ kind: 'webhook', receiverId: w.id, url: w.url, method: 'POST', event: payload.event, txId: payload.txId, body });
    }
  }

  private queue(d: Pick<DeliveryRecord, 'kind' | 'receiverId' | 'url' | 'method' | 'event' | 'txId' | 'body'>): void {
    const now = this.now();
    this.store.deliveries.push({ id: `dlv_${txIdOf(`${d.txId}:${d.receiverId ?? d.url}:${now}:${++this.counter}`).slice(0, 16)}`, ...d, createdAt: now, state: 'pending', nextAt: now, attempts: [] });
    this.trimLog();
    this.arm();
  }

  private trimLog(): void {
    const log = this.store.deliveries;
    let excess = log.length - DELIVERY_LOG_MAX;
    if (excess <= 0) return;
    this.store.deliveries = log.filter((d) => d.state === 'pending' || excess-- <= 0);
  }

  /** Emits what is due for one message; true when it has nothing left to emit. */
  private advance(m: StoredMessage, now: number): boolean {
    if (m.cancelledAt !== null) return true;
    let emitted = m.emitted ?? 0;
    const sentAt = m.scheduledAt ?? m.createdAt;
    const webhooks = WEBHOOK_PROVIDERS.has(m.provider);
    if (!(emitted & EMITTED_SENT) && now >= sentAt) {
      if (webhooks) this.emit(smsSentEvent(m, sentAt), m.createdAt);
      emitted |= EMITTED_SENT;
    }
    if (!(emitted & EMITTED_FINAL) && now >= m.deliverAt) {
      const n = Math.min(m.nsn.length, DR_EVENTS_PER_MESSAGE);
      if (webhooks) {
        for (let i = 0; i < n; i++) this.emit(recipientEvent(m, i, m.deliverAt), m.createdAt);
        if ((m.counts[SUCCESS] ?? 0) === 0) this.emit(smsFailedEvent(m, m.deliverAt), m.createdAt);
        this.emit(smsCompletedEvent(m, m.deliverAt), m.createdAt);
      } else if (m.meta.callback_url) {
        const method = (m.meta.callback_method ?? 'POST') as DeliveryRecord['method'];
        for (let i = 0; i < n; i++) {
          const body = callbackFields(m, i, m.deliverAt).toString();
          this.queue({ kind: 'callback', url: m.meta.callback_url, method, event: 'callback', txId: txIdOf(`${m.uuid}:callback:${i}`), body });
        }
      }
      emitted |= EMITTED_FINAL;
    }
    if (emitted !== (m.emitted ?? 0)) {
      m.emitted = emitted;
      this.store.messageChanged(m);
    }
    return emitted === EMITTED_ALL;
  }

  private arm(): void {
    if (this.closed || this.ticking) return;
    let next = Infinity;
    for (const m of this.watched) {
      const e = m.emitted ?? 0;
      next = Math.min(next, e & EMITTED_SENT ? m.deliverAt : (m.scheduledAt ?? m.createdAt));
    }
    if (this.inFlight.size < MAX_IN_FLIGHT) {
      // A busy receiver's queue waits for its attempt to end (which re-arms), not for a timer.
      const busy = new Set([...this.inFlight.values()].map((f) => f.target));
      for (const d of this.store.deliveries) if (d.state === 'pending' && !busy.has(targetOf(d))) next = Math.min(next, d.nextAt ?? 0);
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (next === Infinity) return;
    this.timer = setTimeout(() => this.tick(), Math.max(0, Math.min(next - this.now(), 2 ** 31 - 1)));
    this.timer.unref();
  }

  private tick(): void {
    this.timer = undefined;
    if (this.closed) return;
    const now = this.now();
    this.ticking = true;
    try {
      for (const m of this.watched) if (this.advance(m, now)) this.watched.delete(m);
      // One attempt at a time per receiver, in the order events happened: a listener shows
      // sms.sent, the dr.* events and sms.completed in that order (retries may still overtake).
      const busy = new Set([...this.inFlight.values()].map((f) => f.target));
      for (const d of this.store.deliveries) {
        if (this.inFlight.size >= MAX_IN_FLIGHT) break;
        const target = targetOf(d);
        if (d.state === 'pending' && !busy.has(target) && (d.nextAt ?? 0) <= now) {
          busy.add(target);
          this.attempt(d, target);
        }
      }
    } finally {
      this.ticking = false;
    }
    this.arm();
  }

  private attempt(d: DeliveryRecord, target: string): void {
    const abort = new AbortController();
    const done = this.send(d, abort).finally(() => {
      this.inFlight.delete(d.id);
      // The receiver is free: its next delivery may be due already.
      this.arm();
    });
    this.inFlight.set(d.id, { abort, done, target });
  }

  private async send(d: DeliveryRecord, abort: AbortController): Promise<void> {
    const at = this.now();
    const started = performance.now();
    let status: number | null = null;
    let error: string | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, this.attemptTimeoutMs);
    try {
      let url = d.url;
      let body: string | undefined = d.body;
      const headers: Record<string, string> = { 'User-Agent': 'smsctl-sandbox' };
      if (d.kind === 'webhook') {
        const receiver = this.store.webhooks.find((w) => w.id === d.receiverId);
        if (!receiver) throw new Error('receiver removed');
        Object.assign(headers, { 'Content-Type': 'application/json' }, signatureHeaders(d.event, d.body, receiver.secret, Math.floor(at / 1000)));
      } else if (d.method === 'GET') {
        const u = new URL(d.url);
        for (const [k, v] of new URLSearchParams(d.body)) u.searchParams.append(k, v);
        url = u.toString();
        body = undefined;
      } else headers['Content-Type'] = 'application/x-www-form-urlencoded';
      const res = await fetch(url, { method: d.method, headers, body, signal: abort.signal, redirect: 'manual' });
      status = res.status;
      await res.body?.cancel().catch(() => {});
    } catch (e) {
      if (abort.signal.aborted && !timedOut) return; // stopped by close(): still pending, tried again next run
      const cause = (e as { cause?: { code?: string } }).cause;
      error = timedOut ? `no answer within ${this.attemptTimeoutMs} ms` : (cause?.code ?? (e as Error).message);
    } finally {
      clearTimeout(timer);
    }
    d.attempts.push({ at, status, ...(error !== undefined && { error }), ms: Math.round(performance.now() - started) });
    if (status !== null && status >= 200 && status < 300) {
      d.state = 'delivered';
      d.nextAt = null;
    } else if (error === 'receiver removed' || d.attempts.length > this.retryDelays.length) {
      d.state = 'failed';
      d.nextAt = null;
    } else {
      d.nextAt = this.now() + (this.retryDelays[d.attempts.length - 1] ?? 0);
    }
    this.store.onChange();
  }

  /** Something can be sent right now: an event due or a delivery whose attempt is due. */
  private dueNow(): boolean {
    const now = this.now();
    for (const m of this.watched) if (((m.emitted ?? 0) & EMITTED_SENT ? m.deliverAt : (m.scheduledAt ?? m.createdAt)) <= now) return true;
    return this.store.deliveries.some((d) => d.state === 'pending' && (d.nextAt ?? 0) <= now);
  }

  /**
   * Keeps sending what is due for a moment (the embedded sandbox closes as soon as its command is
   * done), then cuts off what is still under way: those stay pending for the next run.
   */
  async close(): Promise<void> {
    const deadline = performance.now() + CLOSE_GRACE_MS;
    while (performance.now() < deadline && (this.inFlight.size > 0 || this.dueNow())) await new Promise((r) => setTimeout(r, 10));
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const running = [...this.inFlight.values()];
    for (const r of running) r.abort.abort();
    await Promise.all(running.map((r) => r.done));
  }
}
