/**
 * The one node:http server: checks the Host header, picks the emulated API by path prefix,
 * reads the body (once, with a size cap), reports the request, routes, runs the API's guard and
 * handler, adds latency. Per-request timeouts close uploads that stall.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ProviderId } from './types.js';
import { errorReply, matchRoute, quote, ReplyError } from './http.js';
import type { App, Ctx, Reply, Route } from './http.js';

/** A 2,000,000-number JSON body is about 30 MB. */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024 * 1024;
/** A whole request (headers and body) must arrive within this; 30 MB on a LAN takes a few seconds. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface RequestRecord {
  provider: ProviderId | 'sandbox';
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface ServerOptions {
  apps: readonly App[];
  /** Answers paths no app claims (sandbox error shape). */
  fallback: App;
  now: () => number;
  latencyMs?: number;
  bodyLimitBytes?: number;
  requestTimeoutMs?: number;
  /** Whether the Host header names this server; unset = any (before the port is known). */
  allowsHost?: (host: string | undefined) => boolean;
  onRequest?: (r: RequestRecord) => void;
}

type BodyRead = { body: Buffer } | { tooLarge: true };

const EMPTY = Buffer.alloc(0);

/** The body in one buffer: allocated once when the length is declared, else joined at the end. */
function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) {
    req.resume();
    return Promise.resolve({ tooLarge: true });
  }
  return new Promise((resolve, reject) => {
    const known = Number.isInteger(declared) && declared >= 0;
    const whole = known ? Buffer.allocUnsafe(declared) : undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      if (size + chunk.length > (whole ? whole.length : limit)) {
        over = true;
        chunks.length = 0;
        resolve({ tooLarge: true });
        return;
      }
      if (whole) chunk.copy(whole, size);
      else chunks.push(chunk);
      size += chunk.length;
    });
    req.on('end', () => {
      if (over) return;
      if (whole) resolve({ body: size === whole.length ? whole : whole.subarray(0, size) });
      else resolve({ body: chunks.length === 0 ? EMPTY : Buffer.concat(chunks, size) });
    });
    req.on('error', reject);
  });
}

function appFor(opts: ServerOptions, pathname: string): { app: App; path: string } {
  for (const app of opts.apps) {
    if (pathname === app.prefix || pathname.startsWith(`${app.prefix}/`)) {
      return { app, path: pathname.slice(app.prefix.length) || '/' };
    }
  }
  return { app: opts.fallback, path: pathname };
}

async function dispatch(ctx: Ctx): Promise<{ reply: Reply; route?: Route }> {
  const { app } = ctx;
  const match = matchRoute(app.routes, ctx.method, ctx.path);
  if (!match) return { reply: errorReply(app, 404, app.codes.notFound, `No route for ${ctx.method} ${quote(app.prefix + ctx.path, 120)}`) };
  if ('allow' in match) {
    const reply = errorReply(app, 405, app.codes.methodNotAllowed, `Method ${quote(ctx.method, 16)} not allowed; use ${match.allow.join(', ')}`);
    reply.headers = { Allow: match.allow.join(', ') };
    return { reply };
  }
  ctx.params = match.params;
  try {
    return { reply: app.guard?.(ctx, match.route) ?? (await match.route.handle(ctx)), route: match.route };
  } catch (e) {
    if (e instanceof ReplyError) return { reply: e.reply, route: match.route };
    const message = e instanceof Error ? e.message : String(e);
    return { reply: errorReply(app, 500, app.codes.internal, `Sandbox internal error: ${quote(message, 200)}`), route: match.route };
  }
}

function send(res: ServerResponse, reply: Reply): void {
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    ...reply.headers,
  });
  res.end(payload);
}

async function handle(opts: ServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const { app, path } = appFor(opts, url.pathname);
  const host = req.headers.host;
  if (opts.allowsHost && !opts.allowsHost(host)) {
    // Before the body is read: a rebinding page learns nothing and uploads nothing.
    const reply = errorReply(app, 421, app.codes.notFound, `Host ${quote(host ?? '', 64)} is not this sandbox's address; use the URL its banner prints`);
    reply.headers = { Connection: 'close' };
    send(res, reply);
    req.resume();
    return;
  }
  const limit = opts.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const read = await readBody(req, limit);
  const body = 'body' in read ? read.body : EMPTY;
  const headers: IncomingHttpHeaders = req.headers;
  if (opts.onRequest) opts.onRequest({ provider: app.name, method, path: req.url ?? '/', headers, body: body.toString('utf8') });

  let raw: string | undefined;
  const ctx: Ctx = {
    app,
    method,
    path,
    params: {},
    query: url.searchParams,
    headers,
    body,
    get rawBody() {
      raw ??= body.toString('utf8');
      return raw;
    },
    ip: req.socket.remoteAddress ?? '',
    now: opts.now(),
    origin: `http://${host ?? `${req.socket.localAddress ?? '127.0.0.1'}:${req.socket.localPort ?? 0}`}`,
    locals: {},
  };
  let reply: Reply;
  let route: Route | undefined;
  if ('tooLarge' in read) {
    reply = errorReply(app, 413, app.codes.tooLarge, `Request body exceeds ${limit} bytes`);
    reply.headers = { Connection: 'close' };
  } else {
    ({ reply, route } = await dispatch(ctx));
  }
  app.finish?.(ctx, reply, route);
  if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
  if (reply.write) return reply.write(res, req);
  send(res, reply);
  if ('tooLarge' in read) req.resume();
}

export function createSandboxServer(opts: ServerOptions): Server {
  const requestTimeout = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return createServer(
    {
      requestTimeout,
      headersTimeout: requestTimeout,
      // How often node checks those timeouts (its default, 30 s, would let a stall outlive a short timeout).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(requestTimeout / 4))),
    },
    (req, res) => {
      handle(opts, req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'Sandbox internal error' }));
      });
    },
  );
}
