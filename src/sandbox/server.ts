/**
 * The one node:http server: picks the emulated API by path prefix, reads the body (with a
 * size cap), reports the request, routes, runs the API's guard and handler, adds latency.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ProviderId } from './types.js';
import { errorReply, matchRoute, ReplyError } from './http.js';
import type { App, Ctx, Reply, Route } from './http.js';

/** A 2,000,000-number JSON body is about 30 MB. */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

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
  onRequest?: (r: RequestRecord) => void;
}

type BodyRead = { body: string } | { tooLarge: true };

function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.resolve({ tooLarge: true });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve({ tooLarge: true });
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve({ body: Buffer.concat(chunks).toString('utf8') });
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
  if (!match) return { reply: errorReply(app, 404, app.codes.notFound, `No route for ${ctx.method} ${app.prefix}${ctx.path}`) };
  if ('allow' in match) {
    const reply = errorReply(app, 405, app.codes.methodNotAllowed, `Method ${ctx.method} not allowed; use ${match.allow.join(', ')}`);
    reply.headers = { Allow: match.allow.join(', ') };
    return { reply };
  }
  ctx.params = match.params;
  try {
    return { reply: app.guard?.(ctx, match.route) ?? (await match.route.handle(ctx)), route: match.route };
  } catch (e) {
    if (e instanceof ReplyError) return { reply: e.reply, route: match.route };
    const message = e instanceof Error ? e.message : String(e);
    return { reply: errorReply(app, 500, app.codes.internal, `Sandbox internal error: ${message}`), route: match.route };
  }
}

async function handle(opts: ServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const { app, path } = appFor(opts, url.pathname);
  const limit = opts.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const read = await readBody(req, limit);
  const headers: IncomingHttpHeaders = req.headers;
  opts.onRequest?.({ provider: app.name, method, path: req.url ?? '/', headers, body: 'body' in read ? read.body : '' });

  const ctx: Ctx = {
    app,
    method,
    path,
    params: {},
    query: url.searchParams,
    headers,
    rawBody: 'body' in read ? read.body : '',
    ip: req.socket.remoteAddress ?? '',
    now: opts.now(),
    origin: `http://${req.headers.host ?? `${req.socket.localAddress ?? '127.0.0.1'}:${req.socket.localPort ?? 0}`}`,
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

  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    ...reply.headers,
  });
  res.end(payload);
  if ('tooLarge' in read) req.resume();
}

export function createSandboxServer(opts: ServerOptions): Server {
  return createServer((req, res) => {
    handle(opts, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: 'Sandbox internal error' }));
    });
  });
}
