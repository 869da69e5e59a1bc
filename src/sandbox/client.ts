/**
 * Reading the sandbox's own endpoints (not a provider's): what the CLI's `sandbox inbox`
 * uses, against a running `sandbox serve` or the embedded sandbox's saved state.
 */
import { SmsctlError } from '../errors.js';

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

export async function fetchInbox(url: string, query: InboxQuery): Promise<InboxMessage[]> {
  const { request } = await import('undici');
  const params = new URLSearchParams();
  if (query.msisdn) params.set('msisdn', query.msisdn);
  if (query.since) params.set('since', query.since);
  const target = `${url}/__sandbox/inbox?${params}`;
  let res: Awaited<ReturnType<typeof request>>;
  try {
    res = await request(target, { headersTimeout: 10_000, bodyTimeout: 10_000 });
  } catch (error) {
    throw new SmsctlError('provider', `no sandbox answers at ${url} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); start one with \`smsctl sandbox serve\``, {
      code: 'NETWORK_UNREACHABLE',
    });
  }
  const body = (await res.body.json().catch(() => undefined)) as { messages?: InboxMessage[] } | undefined;
  if (res.statusCode !== 200 || !Array.isArray(body?.messages)) {
    throw new SmsctlError('provider', `${target} answered HTTP ${res.statusCode}, not a sandbox inbox; is --url the sandbox's root URL?`, {
      code: 'PROVIDER_BAD_RESPONSE',
      status: res.statusCode,
    });
  }
  return body.messages;
}

/** The embedded sandbox keeps its state in a file; opening it to read never rewrites it. */
export async function readSavedInbox(stateFile: string, query: InboxQuery): Promise<InboxMessage[]> {
  const { startSandbox } = await import('./index.js');
  const sandbox = await startSandbox({ port: 0, stateFile });
  try {
    return await fetchInbox(sandbox.url, query);
  } finally {
    await sandbox.close();
  }
}
