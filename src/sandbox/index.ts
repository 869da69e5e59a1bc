/**
 * The sandbox: a local emulator of the SEPSMS, ME-SMS and ThaiBulkSMS (SMS + OTP) APIs in
 * one node:http server, for tests and for trying smsctl without real providers.
 */
import type { AddressInfo } from 'node:net';
import type { ProviderId } from '../providers/types.js';
import { adminApp } from './admin.js';
import type { RateLimitSettings, SandboxEnv } from './env.js';
import { sandboxInfo } from './info.js';
import type { SandboxInfo } from './info.js';
import { mesmsApp } from './mesms.js';
import { loadState, Persister } from './persist.js';
import { RateLimiter } from './ratelimit.js';
import { sepsmsApp } from './sepsms.js';
import { createSandboxServer } from './server.js';
import { DEFAULT_BALANCE, Store } from './state.js';
import { thaibulksmsOtpApp } from './thaibulksms-otp.js';
import { thaibulksmsApp } from './thaibulksms.js';
import { webInbox } from './web/index.js';

export { SANDBOX_KEYS, MAGIC_NUMBERS } from './keys.js';
export { MESMS_SEEDED_SENDERS } from './mesms.js';
export { contactGroups } from './groups.js';
export { MESMS_TEMPLATES } from './templates.js';
export { sandboxInfo };
export type { SandboxInfo };

export interface SandboxOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Persist all state here (atomic write, mode 0600); loaded on start when it exists. */
  stateFile?: string;
  /** Added delay before every response. */
  latencyMs?: number;
  /** Deterministic ids, refNos and OTP codes when set; crypto-random otherwise. */
  seed?: number;
  /** pending → final status after this long (default 1500); scheduled messages deliver at their time + this. */
  deliveryDelayMs?: number;
  /** Starting credits (default 100000 each), used when there is no state yet. */
  balances?: Partial<Record<ProviderId, number>>;
  /** OTP lifetime when a request names none (default 300 s): SEPSMS's default, ThaiBulkSMS's dashboard setting. */
  otpTtlMs?: number;
  /** Defaults 120 / 5 / 2400; 0 = unlimited. */
  rateLimits?: { sepsmsSendPerMinute?: number; sepsmsOtpPerMinutePerIp?: number; sepsmsAllPerMinute?: number };
  /** Injectable clock (ms). */
  now?: () => number;
  /** Sees every request as it arrived. */
  onRequest?: (r: {
    provider: ProviderId | 'sandbox';
    method: string;
    path: string;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }) => void;
}

export interface RunningSandbox {
  /** http://127.0.0.1:PORT */
  url: string;
  info: SandboxInfo;
  /** Stops listening and flushes state. */
  close(): Promise<void>;
  flush(): Promise<void>;
}

const DEFAULT_DELIVERY_DELAY_MS = 1500;
const DEFAULT_OTP_TTL_MS = 5 * 60_000;
const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  sepsmsSendPerMinute: 120,
  sepsmsOtpPerMinutePerIp: 5,
  sepsmsAllPerMinute: 2400,
};

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const now = options.now ?? Date.now;
  const store = new Store({
    balances: {
      sepsms: options.balances?.sepsms ?? DEFAULT_BALANCE,
      mesms: options.balances?.mesms ?? DEFAULT_BALANCE,
      thaibulksms: options.balances?.thaibulksms ?? DEFAULT_BALANCE,
      'thaibulksms:corporate': 0,
    },
    seed: options.seed,
  });
  const persister = options.stateFile ? new Persister(options.stateFile, store) : undefined;
  if (options.stateFile) await loadState(options.stateFile, store);

  const env: SandboxEnv = {
    store,
    deliveryDelayMs: options.deliveryDelayMs ?? DEFAULT_DELIVERY_DELAY_MS,
    limiter: new RateLimiter(),
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
    otpTtlMs: options.otpTtlMs ?? DEFAULT_OTP_TTL_MS,
  };
  const admin = adminApp(env, () => env.limiter.reset());
  const web = webInbox(env, now);
  admin.routes.push(...web.apiRoutes);
  const server = createSandboxServer({
    apps: [sepsmsApp(env), mesmsApp(env), thaibulksmsOtpApp(env), thaibulksmsApp(env), admin],
    fallback: { ...admin, prefix: '', routes: web.pageRoutes },
    now,
    latencyMs: options.latencyMs,
    onRequest: options.onRequest,
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${urlHost(host)}:${port}`;

  let closing: Promise<void> | undefined;
  const flush = async (): Promise<void> => {
    await persister?.flush();
  };
  return {
    url,
    info: sandboxInfo(url),
    flush,
    close() {
      closing ??= (async () => {
        web.close();
        await new Promise<void>((resolve, reject) => {
          server.close((e) => (e ? reject(e) : resolve()));
          server.closeIdleConnections();
        });
        await flush();
      })();
      return closing;
    },
  };
}

