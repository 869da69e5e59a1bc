import type { Command } from 'commander';
import { SmsctlError } from '../../errors.js';
import type { Context } from '../../cli/context.js';
import { writeLine } from '../../cli/output.js';
import { mustGet, openStore } from './store.js';

export function registerProfileRemove(parent: Command, ctx: Context): void {
  parent
    .command('remove <name>')
    .alias('rm')
    .description('remove a profile and its keys')
    .action(async (name: string) => {
      const store = await openStore(ctx);
      if (mustGet(store, name).builtIn) {
        throw new SmsctlError('usage', `"${name}" is built in and cannot be removed`, { code: 'BUILTIN_PROFILE' });
      }
      store.remove(name);
      writeLine(ctx.stderr, `Removed profile ${name}.`);
    });
}
