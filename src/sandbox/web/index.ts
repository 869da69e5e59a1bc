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
import type { WebLanguage } from './labels.js';
import { pageLanguage, renderPage } from './page.js';
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
    // i18n-ignore: an HTTP header
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

const TYPES: Record<string, string> = { html: 'text/html', css: 'text/css', js: 'text/javascript' };

function file(name: string, text = ASSETS[name] ?? '', headers: Record<string, string> = {}): Reply {
  const body = Buffer.from(text, 'utf8');
  const type = `${TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream'}; charset=utf-8`;
  return {
    status: 200,
    body: null,
    write(res: ServerResponse) {
      res.writeHead(200, { ...PAGE_HEADERS, ...headers, 'Content-Type': type, 'Content-Length': body.length });
      res.end(body);
    },
  };
}

/** The page in the reader's language (see page.ts), each language rendered once. */
function page(fallback: WebLanguage): (ctx: Ctx) => Reply {
  const rendered = new Map<WebLanguage, string>();
  return (ctx) => {
    const header = ctx.headers['accept-language'];
    const lang = pageLanguage(ctx.query, Array.isArray(header) ? header.join(',') : header, fallback);
    let text = rendered.get(lang);
    if (text === undefined) rendered.set(lang, (text = renderPage(ASSETS['inbox.html'] ?? '', lang)));
    // A cache must not hand one reader's language to another.
    return file('inbox.html', text, { 'Content-Language': lang, Vary: 'Accept-Language' });
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
  // i18n-ignore: the inbox's JSON API answer, the sandbox's own API wording (as its emulated providers')
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

/** `language`: the page's language when neither its address nor the browser names one (see page.ts). */
export function webInbox(env: SandboxEnv, now: () => number, language: WebLanguage = 'en'): WebInbox {
  const view = new WebView(env.store);
  const events = new EventHub(env.store, now);
  const pageRoutes: Route[] = [
    { method: 'GET', path: '/', handle: page(language) },
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
        // i18n-ignore: the inbox's JSON API answer, the sandbox's own API wording (as its emulated providers')
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
