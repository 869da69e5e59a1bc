/**
 * The local receiver behind `webhook listen`: SEPSMS webhooks are verified and de-duplicated,
 * ThaiBulkSMS callbacks are shown as unsigned, and both are forwarded to the app when asked.
 * Every request gets an answer and nothing a sender does can end the listener.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callbackFields, readBody } from './body.js';
import { SeenDeliveries } from './dedupe.js';
import { summarizeCallback, summarizeEvent, type EventSummary } from './events.js';
import { Forwarder, type ForwardOutcome } from './forward.js';
import { t } from '../i18n/index.js';
import { verifySignature } from './signature.js';
import { told, type Told } from './told.js';

export interface ReceivedDelivery extends EventSummary {
  source: 'sepsms' | 'thaibulksms';
  verified: boolean;
  method: string;
  data: unknown;
}

export interface ListenerTally {
  received: number;
  verified: number;
  callbacks: number;
  rejected: number;
  duplicates: number;
  forwarded: number;
  forwardFailed: number;
}

export interface ListenerOptions {
  host: string;
  port: number;
  path: string;
  secret?: string;
  toleranceSeconds: number;
  forwardTo?: string;
  now: () => Date;
  /** A delivery accepted: one line on stdout. */
  onDelivery: (d: ReceivedDelivery) => void;
  /** A rejection, a request it could not handle: the reason on stderr, in the user's language. */
  onRejected: (line: string) => void;
  onDuplicate: (d: EventSummary) => void;
  onForwarded: (d: EventSummary, outcome: ForwardOutcome) => void;
  /** Milliseconds a request may take to arrive in full; a stalled upload is closed after it. */
  requestTimeoutMs?: number;
}

export interface Listener {
  port: number;
  url: string;
  tally: ListenerTally;
  close(): Promise<void>;
}

const CALLBACK_METHODS = new Set(['GET', 'POST', 'PUT']);
const FORWARD_GRACE_MS = 2000;

export async function startListener(opts: ListenerOptions): Promise<Listener> {
  const tally: ListenerTally = { received: 0, verified: 0, callbacks: 0, rejected: 0, duplicates: 0, forwarded: 0, forwardFailed: 0 };
  const seen = new SeenDeliveries();
  const forwarder = opts.forwardTo ? new Forwarder(opts.forwardTo) : undefined;
  // One forward at a time, in the order deliveries arrived: the app sees sms.sent before its dr.*.
  let forwards: Promise<void> = Promise.resolve();

  const reply = (res: ServerResponse, status: number, body: object) => {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  };
  // The sender reads the reason in English (its HTTP answer); the person at the listener, in theirs.
  const reject = (req: IncomingMessage, res: ServerResponse, status: number, code: string, why: Told) => {
    tally.rejected++;
    opts.onRejected(t('webhook.rejected', { method: req.method ?? '', path: shortPath(req.url), address: req.socket.remoteAddress ?? '?', status, code, reason: why.message }));
    reply(res, status, { ok: false, error: { code, message: why.reason } });
  };
  const forward = (req: IncomingMessage, summary: EventSummary, body: Buffer, query: string) => {
    if (!forwarder) return;
    const headers = { ...req.headers };
    const method = req.method ?? 'POST';
    forwards = forwards
      .then(() => forwarder.forward({ method, query, headers, body }))
      .then((outcome) => {
        if (outcome.ok) tally.forwarded++;
        else tally.forwardFailed++;
        opts.onForwarded(summary, outcome);
      })
      .catch(() => undefined);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://listener');
    // i18n-ignore: the HTTP answer to a sender at the wrong path, not a terminal line
    if (url.pathname !== opts.path) return reply(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: `this listener receives on ${opts.path}` } });
    tally.received++;
    const method = req.method ?? '';
    const signed = req.headers['x-webhook-signature'] !== undefined || req.headers['x-webhook-event'] !== undefined;
    const body = await readBody(req);
    if (body === 'too-large') {
      reject(req, res, 413, 'BODY_TOO_LARGE', told((say) => say('webhook.reject.too_large')));
      req.socket.destroySoon?.();
      return;
    }
    const receivedAt = opts.now();
    if (signed) {
      if (method !== 'POST') return reject(req, res, 405, 'METHOD_NOT_ALLOWED', told((say) => say('webhook.reject.method_sepsms', { method })));
      if (!opts.secret) return reject(req, res, 401, 'NO_SECRET', told((say) => say('webhook.reject.no_secret')));
      const verdict = verifySignature({
        header: header(req, 'x-webhook-signature'),
        timestampHeader: header(req, 'x-webhook-timestamp'),
        body,
        secret: opts.secret,
        toleranceSeconds: opts.toleranceSeconds,
        nowSeconds: Math.floor(receivedAt.getTime() / 1000),
      });
      if (!verdict.ok) return reject(req, res, verdict.status, verdict.code, verdict);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        parsed = undefined;
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return reject(req, res, 400, 'BAD_BODY', told((say) => say('webhook.reject.bad_body')));
      const summary = summarizeEvent(parsed as Record<string, unknown>, { event: header(req, 'x-webhook-event'), timestamp: verdict.timestamp }, receivedAt);
      if (!seen.first(summary.event, summary.txId)) {
        tally.duplicates++;
        opts.onDuplicate(summary);
        return reply(res, 200, { ok: true, duplicate: true });
      }
      tally.verified++;
      reply(res, 200, { ok: true });
      opts.onDelivery({ source: 'sepsms', ...summary, verified: true, method, data: parsed });
      return forward(req, summary, body, '');
    }
    if (!CALLBACK_METHODS.has(method)) return reject(req, res, 405, 'METHOD_NOT_ALLOWED', told((say) => say('webhook.reject.method_callback', { method })));
    const fields = callbackFields(url.searchParams, body, header(req, 'content-type'));
    const summary = summarizeCallback(fields, receivedAt);
    tally.callbacks++;
    reply(res, 200, { ok: true });
    opts.onDelivery({ source: 'thaibulksms', ...summary, verified: false, method, data: fields });
    forward(req, summary, body, url.search.slice(1));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      opts.onRejected(t('webhook.unhandled', { method: req.method ?? '', path: shortPath(req.url), message: (error as Error)?.message ?? String(error) }));
      // i18n-ignore: the HTTP answer to the sender, not a terminal line
      reply(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'the listener could not handle this request' } });
    });
  });
  server.requestTimeout = opts.requestTimeoutMs ?? 30_000;
  server.headersTimeout = Math.min(server.requestTimeout, 20_000);
  server.on('clientError', (_error, socket) => {
    // i18n-ignore: a raw HTTP status line to a client that sent garbage
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    port,
    url: `http://${host}:${port}${opts.path}`,
    tally,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Forwards under way get a moment to finish; then those still retrying are stopped and
      // reported as not forwarded, so Ctrl-C is quick and nothing is lost without a line.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([forwards, new Promise((r) => (timer = setTimeout(r, FORWARD_GRACE_MS)))]);
      clearTimeout(timer);
      forwarder?.stop();
      await forwards;
      server.closeAllConnections();
      await closed;
      await forwarder?.close();
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** A path chosen by the sender is quoted only as a short prefix. */
function shortPath(url: string | undefined): string {
  const u = url ?? '/';
  return u.length > 60 ? `${u.slice(0, 60)}…` : u;
}
