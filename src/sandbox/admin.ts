/**
 * Sandbox-only endpoints under /__sandbox: connection info, the inbox, setting balances
 * and resetting. No authentication (the sandbox listens on 127.0.0.1 by default).
 */
import { PROVIDER_IDS } from './types.js';
import type { SandboxEnv } from './env.js';
import { SCREAMING_CODES, fail, intQuery, jsonBody, ok, timeQuery } from './http.js';
import type { App, ErrorShape } from './http.js';
import { readInbox } from './inbox.js';
import { looseNumber } from './numbers.js';
import { sandboxInfo } from './info.js';
import type { BalanceKey } from './state.js';

export const ADMIN_PREFIX = '/__sandbox';
export const INBOX_DEFAULT_LIMIT = 100;
export const INBOX_MAX_LIMIT = 10_000;

const error: ErrorShape = (_status, code, message, extra) => ({ error: message, code, ...extra });

export function adminApp(env: SandboxEnv, onReset: () => void): App {
  const { store } = env;
  return {
    name: 'sandbox',
    prefix: ADMIN_PREFIX,
    error,
    codes: SCREAMING_CODES,
    routes: [
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
