import { afterEach } from 'vitest';
import { SANDBOX_KEYS, startSandbox } from '../../src/sandbox/index.js';
import type { RunningSandbox, SandboxOptions } from '../../src/sandbox/index.js';

export const T0 = Date.parse('2026-01-15T03:00:00.000Z');

export interface Clock {
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function clock(start = T0): Clock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms), set: (ms) => void (t = ms) };
}

const running: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/** A sandbox on 127.0.0.1:0, closed after the test. */
export async function sandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const s = await startSandbox({ port: 0, ...options });
  running.push(s);
  return s;
}

export interface Res {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function call(url: string, init: RequestInit & { json?: unknown } = {}): Promise<Res> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set('content-type', 'application/json');
  const res = await fetch(url, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body };
}

export const SEP = { 'X-API-Key': SANDBOX_KEYS.sepsms.apiKey };
export const SEP_RO = { 'X-API-Key': SANDBOX_KEYS.sepsms.readOnlyApiKey };
export const ME = { 'x-api-key': SANDBOX_KEYS.mesms.apiKey };
export const ME_RO = { 'x-api-key': SANDBOX_KEYS.mesms.readOnlyApiKey };
export const TBS_AUTH = {
  Authorization: `Basic ${Buffer.from(`${SANDBOX_KEYS.thaibulksms.apiKey}:${SANDBOX_KEYS.thaibulksms.apiSecret}`).toString('base64')}`,
};
export const TBS_OTP = { key: SANDBOX_KEYS.thaibulksms.otpKey, secret: SANDBOX_KEYS.thaibulksms.otpSecret };

/** Provider API helpers bound to one sandbox. */
export function api(s: RunningSandbox) {
  const p = s.info.providers;
  return {
    sep: (path: string, init: RequestInit & { json?: unknown } = {}) =>
      call(`${p.sepsms.baseUrl}${path}`, { ...init, headers: { ...SEP, ...init.headers } }),
    me: (path: string, init: RequestInit & { json?: unknown } = {}) =>
      call(`${p.mesms.baseUrl}${path}`, { ...init, headers: { ...ME, ...init.headers } }),
    tbs: (path: string, init: RequestInit & { json?: unknown } = {}) =>
      call(`${p.thaibulksms.baseUrl}${path}`, { ...init, headers: { ...TBS_AUTH, ...init.headers } }),
    tbsForm: (path: string, form: Record<string, string>) =>
      call(`${p.thaibulksms.baseUrl}${path}`, {
        method: 'POST',
        headers: { ...TBS_AUTH, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      }),
    otp: (path: string, json: unknown) => call(`${p.thaibulksms.otpBaseUrl}${path}`, { method: 'POST', json }),
    admin: (path: string, init: RequestInit & { json?: unknown } = {}) => call(`${s.url}/__sandbox${path}`, init),
    inbox: async (msisdn?: string, extra = '') =>
      (await call(`${s.url}/__sandbox/inbox?${msisdn ? `msisdn=${encodeURIComponent(msisdn)}` : ''}${extra}`)).body
        .messages as { msisdn: string; text: string; sender: string; provider: string; at: string }[],
  };
}
