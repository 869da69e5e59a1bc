/**
 * Re-sends a received delivery to the app under development: the same method, body and
 * webhook headers, so the app verifies exactly what the provider signed. A failed forward is
 * retried a few times and then reported; it never ends the listener.
 */
import { Agent, request, type Dispatcher } from 'undici';
import { t } from '../i18n/index.js';

/** Headers the app needs to verify and route the delivery; hop-by-hop ones are left to the client. */
const PASSED_ON = ['content-type', 'x-webhook-event', 'x-webhook-timestamp', 'x-webhook-signature', 'user-agent'];

export interface ForwardRequest {
  method: string;
  /** Path and query of the original request are not kept: the target URL is the app's. */
  query?: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface ForwardOutcome {
  /** The app's answer, when it gave one (the last attempt's). */
  status?: number;
  /** Of the last attempt. */
  latencyMs: number;
  attempts: number;
  /** Why the last attempt failed, when it did (connection refused, 5xx, timeout), in the user's language: it is only printed. */
  error?: string;
  ok: boolean;
}

export interface ForwarderOptions {
  /** Attempts in all, the first included. */
  attempts?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  dispatcher?: Dispatcher;
}

export class Forwarder {
  private readonly agent: Dispatcher;
  private readonly own: boolean;
  private readonly attempts: number;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly stopping = new AbortController();

  constructor(private readonly target: string, opts: ForwarderOptions = {}) {
    this.own = !opts.dispatcher;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.agent = opts.dispatcher ?? new Agent({ connect: { timeout: this.timeoutMs } });
    this.attempts = opts.attempts ?? 4;
    this.sleep = opts.sleep ?? ((ms) => abortableSleep(ms, this.stopping.signal));
  }

  async forward(req: ForwardRequest): Promise<ForwardOutcome> {
    const headers: Record<string, string> = {};
    for (const name of PASSED_ON) {
      const v = req.headers[name];
      if (v !== undefined) headers[name] = Array.isArray(v) ? v.join(', ') : v;
    }
    const url = req.query ? `${this.target}${this.target.includes('?') ? '&' : '?'}${req.query}` : this.target;
    let last: ForwardOutcome = { ok: false, latencyMs: 0, attempts: 0 };
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (this.stopping.signal.aborted) return { ...last, error: t('webhook.forward.stopped_before') };
      const started = performance.now();
      try {
        const res = await request(url, {
          method: req.method as Dispatcher.HttpMethod,
          headers,
          body: req.method === 'GET' || req.method === 'HEAD' ? undefined : req.body,
          dispatcher: this.agent,
          headersTimeout: this.timeoutMs,
          bodyTimeout: this.timeoutMs,
          signal: this.stopping.signal,
        });
        await res.body.dump();
        const latencyMs = Math.round(performance.now() - started);
        last = { ok: res.statusCode >= 200 && res.statusCode < 300, status: res.statusCode, latencyMs, attempts: attempt };
        // A 4xx is the app's answer to this delivery: sending it again would get the same.
        if (res.statusCode < 500) return last;
        last.error = t('webhook.forward.answered_status', { status: res.statusCode });
      } catch (error) {
        const why = this.stopping.signal.aborted ? t('webhook.forward.stopped_waiting') : describe(error);
        last = { ok: false, latencyMs: Math.round(performance.now() - started), attempts: attempt, error: why };
      }
      if (attempt < this.attempts) await this.sleep(250 * 2 ** (attempt - 1));
    }
    return last;
  }

  /** Ends retries and requests in flight: each reports that the listener stopped. */
  stop(): void {
    this.stopping.abort();
  }

  async close(): Promise<void> {
    this.stop();
    if (this.own) await this.agent.destroy();
  }
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return t('webhook.forward.refused');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return t('webhook.forward.not_found');
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return t('webhook.forward.timeout');
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return t('webhook.forward.dropped');
    default:
      return code ?? e.message ?? String(error);
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
