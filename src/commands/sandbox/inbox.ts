import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { emitResult, writeLine } from '../../cli/output.js';
import { normalizePhone } from '../../core/phone.js';
import { SmsctlError, invalidInput } from '../../errors.js';
import { formatTime } from '../../i18n/dates.js';
import { t } from '../../i18n/index.js';
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
    .description(t('sandbox.inbox.description'))
    .option('--msisdn <number>', t('sandbox.inbox.opt.msisdn'))
    .option('--url <url>', t('sandbox.opt.url'))
    .option('--token <token>', t('sandbox.opt.token'))
    .option('-f, --follow', t('sandbox.inbox.opt.follow'))
    .option('--json', t('sandbox.inbox.opt.json'))
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
      else if (messages.length === 0) writeLine(ctx.stderr, t('sandbox.inbox.empty'));
      else for (const m of messages) writeLine(ctx.stdout, formatMessage(m));
      return;
    }
    // `since` may be inclusive: skip what the previous poll already printed.
    const fresh = messages.filter((m) => !seen.has(key(m)));
    for (const m of fresh) writeLine(ctx.stdout, opts.json ? JSON.stringify(m) : formatMessage(m));
    if (messages.length) seen = new Set(messages.map(key));
    since = messages.at(-1)?.at ?? since ?? new Date(0).toISOString();
    // Ctrl-C is how a follow ends: the signal's exit code (130), no error line.
    if (await sleepOrAbort(1000, ctx.signal)) throw new SmsctlError(stopError(ctx.signal, '').kind, t('sandbox.inbox.stopped'), { code: 'INTERRUPTED', plain: true });
  }
}

const key = (m: InboxMessage) => `${m.at}|${m.msisdn}|${m.text}`;

function formatMessage(m: InboxMessage): string {
  return `${formatTime(new Date(m.at))}  ${m.msisdn}  [${PROVIDER_NAMES[m.provider as ProviderId] ?? m.provider} ${m.sender}]  ${m.text}`;
}

function sleepOrAbort(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve(true)), { once: true });
  });
}
