/**
 * The sandbox: a local emulator of the SEPSMS, ME-SMS and ThaiBulkSMS (SMS + OTP) APIs in
 * one node:http server, for tests and for trying smsctl without real providers.
 */
import type { AddressInfo } from 'node:net';
import type { ProviderId } from './types.js';
import { accessPolicy, interfaceHosts } from './access.js';
import type { AccessPolicy } from './access.js';
import { adminApp } from './admin.js';
import type { RateLimitSettings, SandboxEnv } from './env.js';
import { sandboxInfo } from './info.js';
import type { SandboxInfo } from './info.js';
import { mesmsApp } from './mesms.js';
import { SandboxError } from './errors.js';
import { Notifier } from './notify.js';
import type { NotifierOptions } from './notify.js';
import { addWebhook, webhookProblem, webhookRoutes } from './webhooks.js';
import type { NewWebhook } from './webhooks.js';
import type { WebhookReceiver } from './webhook-types.js';
import { loadState, Persister } from './persist.js';
import { RateLimiter } from './ratelimit.js';
import { sepsmsApp } from './sepsms.js';
import { createSandboxServer } from './server.js';
import { DEFAULT_BALANCE, Store } from './state.js';
import { thaibulksmsOtpApp } from './thaibulksms-otp.js';
import { thaibulksmsApp } from './thaibulksms.js';
import { webInbox } from './web/index.js';
import type { WebLanguage } from './web/labels.js';

export { SANDBOX_KEYS, MAGIC_NUMBERS } from './keys.js';
export { MESMS_SEEDED_SENDERS } from './mesms.js';
export { contactGroups } from './groups.js';
export { MESMS_TEMPLATES } from './templates.js';
export { sandboxInfo };
export type { SandboxInfo };

export interface SandboxOptions {
  /** Default 127.0.0.1. Any other address exposes the sandbox: its admin endpoints then need `adminToken`. */
  host?: string;
  /** Names besides the bound addresses that the Host header may use (a Docker service name). */
  allowHosts?: readonly string[];
  /** The admin token of a non-loopback bind; random when not given. */
  adminToken?: string;
  /** A request must have fully arrived within this (default 30 s). */
  requestTimeoutMs?: number;
  /** Default 64 MiB. */
  bodyLimitBytes?: number;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Persist all state here (atomic write, mode 0600); loaded on start when it exists. */
  stateFile?: string;
  /**
   * Read this state file and never write it or act on it (no webhook deliveries): a look at
   * what another process's sandbox holds (`sandbox inbox` while `otp test` waits for a code).
   */
  snapshotOf?: string;
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
  /** Receivers to make sure of at start (`sandbox serve --webhook`): an URL already registered is kept as it is. */
  webhooks?: NewWebhook[];
  /** Webhook and callback delivery: retry delays, per-attempt timeout, credit.low threshold. */
  notify?: NotifierOptions;
  /**
   * The web inbox's language when the page's address (?lang=) and the browser (Accept-Language)
   * name neither English nor Thai: the language `sandbox serve` / `sandbox open` speaks. Default en.
   */
  language?: WebLanguage;
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
  /** Where to connect from this machine: http://127.0.0.1:PORT (also for a wildcard bind). */
  url: string;
  /** The address it is bound to, e.g. http://0.0.0.0:8787. */
  listenUrl: string;
  /** For a wildcard bind, the URL on every interface address; otherwise [listenUrl]. */
  reachableUrls: string[];
  /** Bound beyond loopback: reachable from other machines. */
  exposed: boolean;
  /** `Authorization: Bearer …` for /__sandbox/* when exposed. */
  adminToken?: string;
  info: SandboxInfo;
  /** The receivers `webhooks` asked for, as registered (with their secrets). */
  webhooks: WebhookReceiver[];
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
  if (options.stateFile ?? options.snapshotOf) await loadState((options.stateFile ?? options.snapshotOf)!, store);
  const notifier = new Notifier(store, now, options.notify);
  const persist = store.onChange;
  store.onChange = () => {
    persist();
    notifier.changed();
  };
  const webhooks: WebhookReceiver[] = [];
  for (const w of options.webhooks ?? []) {
    const problem = webhookProblem(w);
    if (problem) throw new SandboxError('invalid', problem, 'INVALID_WEBHOOK');
    const known = store.webhooks.find((x) => x.url === w.url);
    if (known && w.secret !== undefined && known.secret !== w.secret) {
      known.secret = w.secret;
      store.onChange();
    }
    webhooks.push(known ?? addWebhook(store, w, now()));
  }

  const env: SandboxEnv = {
    store,
    deliveryDelayMs: options.deliveryDelayMs ?? DEFAULT_DELIVERY_DELAY_MS,
    limiter: new RateLimiter(),
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
    otpTtlMs: options.otpTtlMs ?? DEFAULT_OTP_TTL_MS,
  };
  // Known once the port is: requests cannot arrive before that.
  let access: AccessPolicy | undefined;
  const admin = adminApp(
    env,
    () => {
      env.limiter.reset();
      notifier.reset();
    },
    () => access,
    webhookRoutes(store),
  );
  const web = webInbox(env, now, options.language ?? 'en');
  admin.routes.push(...web.apiRoutes);
  const server = createSandboxServer({
    apps: [sepsmsApp(env), mesmsApp(env), thaibulksmsOtpApp(env), thaibulksmsApp(env), admin],
    fallback: { ...admin, prefix: '', routes: web.pageRoutes, guard: undefined },
    now,
    latencyMs: options.latencyMs,
    bodyLimitBytes: options.bodyLimitBytes,
    requestTimeoutMs: options.requestTimeoutMs,
    allowsHost: (h) => access?.allowsHost(h) ?? true,
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
  access = accessPolicy({ bindHost: host, port, allowHosts: options.allowHosts, token: options.adminToken });
  const listenUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const wildcard = host === '0.0.0.0' || host === '::';
  const reachableUrls = wildcard ? interfaceHosts().map((h) => `http://${h}:${port}`) : [listenUrl];
  if (!options.snapshotOf) notifier.start();

  let closing: Promise<void> | undefined;
  const flush = async (): Promise<void> => {
    await persister?.flush();
  };
  return {
    url,
    listenUrl,
    reachableUrls,
    exposed: access.exposed,
    adminToken: access.token,
    info: sandboxInfo(url),
    webhooks,
    flush,
    close() {
      closing ??= (async () => {
        web.close();
        await new Promise<void>((resolve, reject) => {
          server.close((e) => (e ? reject(e) : resolve()));
          server.closeIdleConnections();
        });
        await notifier.close();
        await flush();
      })();
      return closing;
    },
  };
}

