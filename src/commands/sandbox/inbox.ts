import { join } from 'node:path';
import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { writeJson, writeLine } from '../../cli/output.js';
import { checkBaseUrl } from '../../config/base-url.js';
import { normalizePhone, toNational } from '../../core/phone.js';
import { invalidInput } from '../../errors.js';
import { PROVIDER_NAMES, type ProviderId } from '../../providers/types.js';

export interface SandboxInboxOptions {
  msisdn?: string;
  url?: string;
  follow?: boolean;
  limit?: number;
  json?: boolean;
}

export interface InboxMessage {
  msisdn: string;
  text: string;
  sender: string;
  provider: string;
  at: string;
}

export function registerSandboxInbox(parent: Command, ctx: Context): void {
  parent
    .command('inbox')
    .description('read what the sandbox delivered, as the phones would have received it')
    .option('--msisdn <number>', 'only this number (any Thai format)')
    .option('--url <url>', 'a running `smsctl sandbox serve` (default: the embedded sandbox\'s saved state)')
    .option('-f, --follow', 'keep printing new messages until Ctrl-C')
    .option('--json', 'print JSON (with --follow: one JSON object per line)')
    .action((opts: SandboxInboxOptions) => runSandboxInbox(opts, ctx));
}

export async function runSandboxInbox(opts: SandboxInboxOptions, ctx: Context): Promise<void> {
  let msisdn: string | undefined;
  if (opts.msisdn !== undefined) {
    const phone = normalizePhone(opts.msisdn);
    if (!phone.ok) throw invalidInput(`--msisdn "${opts.msisdn}": ${phone.reason}`, 'INVALID_MSISDN');
    msisdn = phone.msisdn;
  }
  const url = opts.url === undefined ? undefined : checkBaseUrl(opts.url, '--url');
  let since: string | undefined;
  let seen = new Set<string>();
  for (;;) {
    const messages = await readInbox(ctx, url, msisdn, since);
    if (!opts.follow) {
      if (opts.json) writeJson(ctx, { messages });
      else if (messages.length === 0) writeLine(ctx.stderr, 'The inbox is empty.');
      else for (const m of messages) writeLine(ctx.stdout, formatMessage(m));
      return;
    }
    // `since` may be inclusive: skip what the previous poll already printed.
    const fresh = messages.filter((m) => !seen.has(key(m)));
    for (const m of fresh) writeLine(ctx.stdout, opts.json ? JSON.stringify(m) : formatMessage(m));
    if (messages.length) seen = new Set(messages.map(key));
    since = messages.at(-1)?.at ?? since ?? new Date(0).toISOString();
    if (await sleepOrAbort(1000, ctx.signal)) return;
  }
}

async function readInbox(ctx: Context, url: string | undefined, msisdn: string | undefined, since: string | undefined): Promise<InboxMessage[]> {
  const query = new URLSearchParams();
  if (msisdn) query.set('msisdn', msisdn);
  if (since) query.set('since', since);
  if (url) return fetchInbox(`${url}/__sandbox/inbox?${query}`);
  // The embedded sandbox lives in a state file; it is only read, so it is never rewritten here.
  const { startSandbox } = await import('../../sandbox/index.js');
  const sandbox = await startSandbox({ port: 0, stateFile: join(ctx.configDir, 'sandbox', 'state.json') });
  try {
    return await fetchInbox(`${sandbox.url}/__sandbox/inbox?${query}`);
  } finally {
    await sandbox.close();
  }
}

async function fetchInbox(url: string): Promise<InboxMessage[]> {
  const { request } = await import('undici');
  const res = await request(url);
  const body = (await res.body.json()) as { messages?: InboxMessage[] };
  return body.messages ?? [];
}

const key = (m: InboxMessage) => `${m.at}|${m.msisdn}|${m.text}`;

function formatMessage(m: InboxMessage): string {
  const at = new Date(m.at).toLocaleString('sv-SE', { timeZone: 'Asia/Bangkok' });
  return `${at}  ${toNational(m.msisdn)}  [${PROVIDER_NAMES[m.provider as ProviderId] ?? m.provider} ${m.sender}]  ${m.text}`;
}

function sleepOrAbort(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve(true)), { once: true });
  });
}
