/**
 * The web inbox: the page at `/` (its files served from the package, no build step, nothing
 * fetched from elsewhere) and the JSON and event-stream endpoints it reads under /__sandbox,
 * which are admin endpoints like the others (same guard, same token on a wide bind).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxEnv } from '../env.js';
import { EventHub } from '../events.js';
import { enumQuery, fail, intQuery, ok } from '../http.js';
import type { Ctx, Reply, Route } from '../http.js';
import { looseNumber } from '../numbers.js';
import { ASSETS } from './assets.js';
import { WebView } from './view.js';

export const WEB_ASSET_PREFIX = '/__inbox';
export const LIST_MAX_LIMIT = 1000;
const PROVIDERS = ['sepsms', 'mesms', 'thaibulksms'] as const;

/**
 * The page runs only its own files and talks only to its own origin; nothing may frame it, and
 * it never sends a Referer (the token travels in the address's fragment).
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

const TYPES: Record<string, string> = { html: 'text/html', css: 'text/css', js: 'text/javascript' };

function file(name: string): Reply {
  const text = ASSETS[name] ?? '';
  const body = Buffer.from(text, 'utf8');
  const type = `${TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream'}; charset=utf-8`;
  return {
    status: 200,
    body: null,
    write(res: ServerResponse) {
      res.writeHead(200, { ...PAGE_HEADERS, 'Content-Type': type, 'Content-Length': body.length });
      res.end(body);
    },
  };
}

export interface WebInbox {
  /** The page and its files, outside /__sandbox: a browser loads them without the admin token. */
  pageRoutes: Route[];
  /** Admin routes (below /__sandbox) the page reads. */
  apiRoutes: Route[];
  view: WebView;
  events: EventHub;
  /** Ends open event streams (before the server closes). */
  close(): void;
}

function numberParam(ctx: Ctx): number {
  const r = looseNumber(ctx.params.msisdn ?? '');
  if (typeof r === 'string') throw fail(ctx, 400, 'INVALID_PARAMETER', `msisdn is invalid: ${r}`);
  return r;
}

function listQuery(ctx: Ctx) {
  return {
    q: ctx.query.get('q') ?? undefined,
    provider: enumQuery(ctx, 'provider', PROVIDERS),
    offset: intQuery(ctx, 'offset', { def: 0, min: 0, max: Number.MAX_SAFE_INTEGER }),
    limit: intQuery(ctx, 'limit', { def: 100, min: 1, max: LIST_MAX_LIMIT }),
  };
}

export function webInbox(env: SandboxEnv, now: () => number): WebInbox {
  const view = new WebView(env.store);
  const events = new EventHub(env.store, now);
  const pageRoutes: Route[] = [
    { method: 'GET', path: '/', handle: () => file('inbox.html') },
    { method: 'GET', path: `${WEB_ASSET_PREFIX}/app.js`, handle: () => file('inbox.js') },
    { method: 'GET', path: `${WEB_ASSET_PREFIX}/app.css`, handle: () => file('inbox.css') },
  ];
  const apiRoutes: Route[] = [
    { method: 'GET', path: '/conversations', handle: (ctx) => ok(view.conversations(listQuery(ctx), ctx.now)) },
    {
      method: 'GET',
      path: '/conversations/:msisdn',
      handle(ctx) {
        const before = ctx.query.get('before');
        return ok(
          view.thread(
            numberParam(ctx),
            {
              before: before === null || before === '' ? undefined : intQuery(ctx, 'before', { def: 0, min: 0, max: Number.MAX_SAFE_INTEGER }),
              limit: intQuery(ctx, 'limit', { def: 50, min: 1, max: LIST_MAX_LIMIT }),
            },
            ctx.now,
          ),
        );
      },
    },
    {
      method: 'POST',
      path: '/conversations/:msisdn/read',
      handle(ctx) {
        if (!view.markRead(numberParam(ctx))) throw fail(ctx, 404, 'NOT_FOUND', 'No messages to that number');
        return ok({ read: true });
      },
    },
    { method: 'GET', path: '/sends', handle: (ctx) => ok(view.sends(listQuery(ctx), ctx.now)) },
    {
      method: 'GET',
      path: '/events',
      handle: () => ({ status: 200, body: null, write: (res: ServerResponse, req: IncomingMessage) => events.attach(res, req) }),
    },
  ];
  return { pageRoutes, apiRoutes, view, events, close: () => events.close() };
}
