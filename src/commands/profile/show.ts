import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { emitResult, writeLine } from '../../cli/output.js';
import { publicProfile } from './list.js';
import { mustGet, openStore } from './store.js';

export function registerProfileShow(parent: Command, ctx: Context): void {
  parent
    .command('show <name>')
    .description('show one profile (keys masked)')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { json?: boolean }) => {
      const store = await openStore(ctx);
      const shown = publicProfile(mustGet(store, name), store.defaultName() === name);
      if (opts.json) return emitResult(ctx, shown);
      for (const [key, value] of Object.entries(shown)) {
        if (value !== null && value !== false) writeLine(ctx.stdout, `${`${key}:`.padEnd(12)} ${String(value)}`);
      }
    });
}
