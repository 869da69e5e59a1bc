import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { formatNumber, emitResult, writeLine } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { t } from '../../i18n/index.js';
import { PROVIDER_NAMES } from '../../providers/types.js';

export interface BalanceOptions {
  json?: boolean;
}

export function registerBalance(program: Command, ctx: Context): void {
  program
    .command('balance')
    .description(t('balance.description'))
    .option('--json', t('balance.json'))
    .action((opts: BalanceOptions) => runBalance(opts, ctx));
}

export async function runBalance(opts: BalanceOptions, ctx: Context): Promise<void> {
  await withSession(ctx, async ({ provider, profile }) => {
    requireFeature(provider, 'balance', 'balance');
    const result = await provider.balance();
    if (opts.json) {
      emitResult(ctx, { profile: profile.name, provider: provider.id, balance: result.balance, ...(result.byType && { byType: result.byType }) });
      return;
    }
    // The provider's own credit type names (corporate, standard), as it spells them.
    const types = result.byType
      ? ` (${Object.entries(result.byType).map(([type, n]) => `${type} ${formatNumber(n)}`).join(', ')})`
      : '';
    writeLine(ctx.stdout, t('balance.line', { count: result.balance, types, provider: PROVIDER_NAMES[provider.id], profile: profile.name }));
  });
}
