/**
 * Sandbox-only endpoints under /__sandbox: connection info, the inbox, setting balances
 * and resetting. Guarded as access.ts describes: same-origin JSON only, and the banner's token
 * on a non-loopback bind.
 */
import type { AccessPolicy } from './access.js';
import { PROVIDER_IDS } from './types.js';
import type { SandboxEnv } from './env.js';
import { SCREAMING_CODES, fail, header, intQuery, jsonBody, ok, timeQuery } from './http.js';
import type { App, Ctx, ErrorShape, Reply, Route } from './http.js';
import { readInbox } from './inbox.js';
import { looseNumber } from './numbers.js';
import { sandboxInfo } from './info.js';
import type { BalanceKey } from './state.js';

export const ADMIN_PREFIX = '/__sandbox';
export const INBOX_DEFAULT_LIMIT = 100;
export const INBOX_MAX_LIMIT = 10_000;

const error: ErrorShape = (_status, code, message, extra) => ({ error: message, code, ...extra });

const refuse = (status: number, code: string, message: string, headers?: Record<string, string>): Reply => ({
  status,
  body: error(status, code, message),
  headers,
});

/** The admin guard: token (when exposed), then origin, then body type. */
export function adminGuard(access: () => AccessPolicy | undefined): (ctx: Ctx) => Reply | undefined {
  return (ctx) => {
    const a = access();
    if (a && !a.tokenMatches(header(ctx, 'authorization'))) {
      return refuse(401, 'UNAUTHORIZED', 'This sandbox listens beyond this machine: send the admin token its banner printed, as Authorization: Bearer <token>', {
        'WWW-Authenticate': 'Bearer',
      });
    }
    const origin = header(ctx, 'origin');
    const site = header(ctx, 'sec-fetch-site');
    if ((origin !== undefined && !(a?.allowsOrigin(origin) ?? false)) || site === 'cross-site' || site === 'same-site') {
      return refuse(403, 'CROSS_ORIGIN', 'Admin endpoints refuse requests from web pages of other origins');
    }
    if (ctx.method !== 'GET') {
      const type = (header(ctx, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      // No body and no type is a plain `curl -X POST`; anything a form or a simple fetch can send is refused.
      if (type !== 'application/json' && !(type === '' && ctx.body.length === 0)) {
        return refuse(415, 'UNSUPPORTED_MEDIA_TYPE', 'Admin endpoints accept only Content-Type: application/json');
      }
    }
    return undefined;
  };
}

export function adminApp(env: SandboxEnv, onReset: () => void, access: () => AccessPolicy | undefined, extra: Route[] = []): App {
  const { store } = env;
  return {
    name: 'sandbox',
    prefix: ADMIN_PREFIX,
    error,
    codes: SCREAMING_CODES,
    guard: adminGuard(access),
    routes: [
      ...extra,
      { method: 'GET', path: '/info', handle: (ctx) => ok(sandboxInfo(ctx.origin)) },
      {
        method: 'GET',
        path: '/inbox',
        handle(ctx) {
          const raw = ctx.query.get('msisdn');
          let nsn: number | undefined;
          if (raw !== null && raw !== '') {
            const r = looseNumber(raw);
            if (typeof r === 'string') throw fail(ctx, 400, 'INVALID_PARAMETER', `msisdn is invalid: ${r}`);
            nsn = r;
          }
          const limit = intQuery(ctx, 'limit', { def: INBOX_DEFAULT_LIMIT, min: 1, max: INBOX_MAX_LIMIT });
          return ok({ messages: readInbox(store, ctx.now, { nsn, since: timeQuery(ctx, 'since'), limit }) });
        },
      },
      {
        method: 'POST',
        path: '/balance',
        handle(ctx) {
          const body = jsonBody(ctx);
          const provider = PROVIDER_IDS.find((p) => p === body.provider);
          if (!provider) throw fail(ctx, 400, 'INVALID_PARAMETER', 'provider is required: sepsms, mesms or thaibulksms');
          const { balance, creditType } = body;
          if (typeof balance !== 'number' || !Number.isInteger(balance) || balance < 0) {
            throw fail(ctx, 400, 'INVALID_PARAMETER', 'balance must be a non-negative integer');
          }
          if (creditType !== undefined && (provider !== 'thaibulksms' || !['standard', 'corporate'].includes(String(creditType)))) {
            throw fail(ctx, 400, 'INVALID_PARAMETER', 'creditType applies to thaibulksms only: standard or corporate');
          }
          const key: BalanceKey = creditType === 'corporate' ? 'thaibulksms:corporate' : provider;
          store.setBalance(key, balance);
          return ok({ provider, ...(creditType !== undefined && { creditType }), balance });
        },
      },
      {
        method: 'POST',
        path: '/reset',
        handle() {
          store.reset();
          onReset();
          return ok({ reset: true });
        },
      },
    ],
  };
}
