import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { emitResult, writeLine } from '../../cli/output.js';
import { normalizePhone } from '../../core/phone.js';
import { formatBangkokTime } from '../../core/schedule.js';
import { SmsctlError, invalidInput } from '../../errors.js';
import { stopError } from '../../cli/signals.js';
import { PROVIDER_NAMES, type ProviderId } from '../../providers/types.js';
import type { InboxMessage } from './client.js';
import { sandboxTarget } from './target.js';

export interface SandboxInboxOptions {
  msisdn?: string;
  url?: string;
  token?: string;
  follow?: boolean;
  json?: boolean;
}

export function registerSandboxInbox(parent: Command, ctx: Context): void {
  parent
    .command('inbox')
    .description('read what the sandbox delivered, as the phones would have received it')
    .option('--msisdn <number>', 'only this number (any Thai format)')
    .option('--url <url>', 'a running `smsctl sandbox serve` (default: the embedded sandbox\'s saved state)')
    .option('--token <token>', 'the admin token a `sandbox serve` on a non-loopback address prints (default: $SMSCTL_SANDBOX_TOKEN)')
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
  const { fetchInbox } = await import('./client.js');
  const target = sandboxTarget(opts, ctx);
  let since: string | undefined;
  let seen = new Set<string>();
  for (;;) {
    const messages = await fetchInbox(target, { msisdn, since });
    if (!opts.follow) {
      if (opts.json) emitResult(ctx, { messages });
      else if (messages.length === 0) writeLine(ctx.stderr, 'The inbox is empty.');
      else for (const m of messages) writeLine(ctx.stdout, formatMessage(m));
      return;
    }
    // `since` may be inclusive: skip what the previous poll already printed.
    const fresh = messages.filter((m) => !seen.has(key(m)));
    for (const m of fresh) writeLine(ctx.stdout, opts.json ? JSON.stringify(m) : formatMessage(m));
    if (messages.length) seen = new Set(messages.map(key));
    since = messages.at(-1)?.at ?? since ?? new Date(0).toISOString();
    // Ctrl-C is how a follow ends: the signal's exit code (130), no error line.
    if (await sleepOrAbort(1000, ctx.signal)) throw new SmsctlError(stopError(ctx.signal, '').kind, 'Stopped following.', { code: 'INTERRUPTED', plain: true });
  }
}

const key = (m: InboxMessage) => `${m.at}|${m.msisdn}|${m.text}`;

function formatMessage(m: InboxMessage): string {
  return `${formatBangkokTime(new Date(m.at))}  ${m.msisdn}  [${PROVIDER_NAMES[m.provider as ProviderId] ?? m.provider} ${m.sender}]  ${m.text}`;
}

function sleepOrAbort(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve(true)), { once: true });
  });
}
