/**
 * Talking to the sandbox's own endpoints (not a provider's): what `sandbox inbox` and
 * `sandbox webhooks` use, against a running `sandbox serve` (--url) or the embedded sandbox's
 * saved state (started in this process for the call, then closed).
 */
import { dirname, join } from 'node:path';
import { SmsctlError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { sandboxCall } from './errors.js';

export interface InboxMessage {
  msisdn: string;
  text: string;
  sender: string;
  provider: string;
  at: string;
}

export interface InboxQuery {
  msisdn?: string;
  since?: string;
}

/** Where the sandbox is: a served URL (with the admin token a non-loopback bind asks for), or the embedded state file. */
export type SandboxTarget = { url: string; token?: string } | { stateFile: string };

export const embeddedStateFile = (configDir: string): string => join(configDir, 'sandbox', 'state.json');

export interface AdminCall {
  method?: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
}

async function adminRequest<T>(url: string, token: string | undefined, call: AdminCall): Promise<{ status: number; body: T | undefined }> {
  const { request } = await import('undici');
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  let res: Awaited<ReturnType<typeof request>>;
  try {
    res = await request(`${url}/__sandbox${call.path}`, {
      method: call.method ?? 'GET',
      headers,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
  } catch (error) {
    throw new SmsctlError('provider', t('sandbox.client.unreachable', { url, error: (error as NodeJS.ErrnoException).code ?? (error as Error).message }), {
      code: 'NETWORK_UNREACHABLE',
    });
  }
  const body = (await res.body.json().catch(() => undefined)) as T | undefined;
  if (res.statusCode === 401) {
    throw new SmsctlError('auth', t('sandbox.client.token_required', { url }), {
      code: 'SANDBOX_TOKEN_REQUIRED',
      status: 401,
    });
  }
  return { status: res.statusCode, body };
}

/**
 * One admin call against the target. The embedded sandbox is started for it and closed after,
 * holding the state lock as a send does: a registration must not be lost to a concurrent write.
 */
export async function callSandbox<T>(target: SandboxTarget, call: AdminCall): Promise<{ status: number; body: T | undefined }> {
  if ('url' in target) return adminRequest<T>(target.url, target.token, call);
  const { startSandbox } = await import('../../sandbox/index.js');
  const { ensurePrivateDir } = await import('../../config/paths.js');
  const { acquireLock } = await import('../../config/lock.js');
  const lockFile = join(ensurePrivateDir(dirname(target.stateFile)), 'state.lock');
  const ask = async (options: { stateFile?: string; snapshotOf?: string }) => {
    const sandbox = await sandboxCall(() => startSandbox({ port: 0, ...options }));
    try {
      return await adminRequest<T>(sandbox.url, undefined, call);
    } finally {
      await sandboxCall(() => sandbox.close());
    }
  };
  const reading = (call.method ?? 'GET') === 'GET';
  // A read does not wait for a command that holds the sandbox (otp test waiting for a code
  // read from this inbox): the state file is replaced whole (rename), so a snapshot of it is
  // consistent. When the sandbox is free, a read opens it as any command does (due webhooks go out).
  const lock = await acquireLock(lockFile, { wait: !reading }).catch((error: unknown) => {
    if (reading && error instanceof SmsctlError && error.code === 'STATE_LOCKED') return undefined;
    throw error;
  });
  if (!lock) return ask({ snapshotOf: target.stateFile });
  try {
    return await ask({ stateFile: target.stateFile });
  } finally {
    await lock.release();
  }
}

export function notASandbox(url: string, path: string, status: number): SmsctlError {
  return new SmsctlError('provider', t('sandbox.client.not_a_sandbox', { url, path, status }), {
    code: 'PROVIDER_BAD_RESPONSE',
    status,
  });
}

export async function fetchInbox(target: SandboxTarget, query: InboxQuery): Promise<InboxMessage[]> {
  const params = new URLSearchParams();
  if (query.msisdn) params.set('msisdn', query.msisdn);
  if (query.since) params.set('since', query.since);
  const path = `/inbox?${params}`;
  const res = await callSandbox<{ messages?: InboxMessage[] }>(target, { path });
  if (res.status !== 200 || !Array.isArray(res.body?.messages)) throw notASandbox('url' in target ? target.url : t('sandbox.embedded'), path, res.status);
  return res.body.messages;
}
