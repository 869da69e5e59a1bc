import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { emitResult, formatTable, writeLine } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { t } from '../../i18n/index.js';
import { PROVIDER_NAMES } from '../../providers/types.js';
import { senderStatusWord } from '../../status/words.js';

export interface SendersOptions {
  json?: boolean;
}

export function registerSenders(program: Command, ctx: Context): void {
  program
    .command('senders')
    .description(t('senders.description'))
    .option('--json', t('senders.option.json'))
    .action((opts: SendersOptions) => runSenders(opts, ctx));
}

export async function runSenders(opts: SendersOptions, ctx: Context): Promise<void> {
  await withSession(ctx, async ({ provider, profile }) => {
    requireFeature(provider, 'senders', 'senders', t('senders.instead', { provider: PROVIDER_NAMES[provider.id] }));
    const senders = await provider.senders();
    if (opts.json) {
      emitResult(ctx, { provider: provider.id, profile: profile.name, senders });
      return;
    }
    if (senders.length) writeLine(ctx.stdout, formatTable([t('senders.column.name'), t('status.column.status')], senders.map((s) => [s.name, senderStatusWord(s.status)])));
    const approved = senders.filter((s) => s.status.toLowerCase() === 'approved').length;
    const counts = { count: senders.length, provider: PROVIDER_NAMES[provider.id], approved };
    writeLine(ctx.stderr, profile.sender ? t('senders.summary_profile', { ...counts, profile: profile.name, sender: profile.sender }) : t('senders.summary', counts));
  });
}
