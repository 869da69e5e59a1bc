import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { formatNumber, emitResult, writeLine } from '../../cli/output.js';
import { openSessionFor } from '../../cli/session.js';
import { PROVIDER_NAMES } from '../../providers/types.js';
import { mustGet, openStore } from './store.js';

export function registerProfileTest(parent: Command, ctx: Context): void {
  parent
    .command('test <name>')
    .description("prove a profile's keys work by asking the provider for the balance")
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { json?: boolean }) => {
      const profile = mustGet(await openStore(ctx), name);
      const session = await openSessionFor(ctx, profile, 'flag');
      try {
        const balance = await session.provider.balance();
        if (opts.json) return emitResult(ctx, { profile: name, provider: profile.provider, balance: balance.balance });
        writeLine(ctx.stdout, `OK: ${PROVIDER_NAMES[profile.provider]} accepted the keys of ${name} (balance ${formatNumber(balance.balance)} credits)`);
      } finally {
        await session.close();
      }
    });
}
