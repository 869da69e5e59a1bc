import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { writeLine } from '../../cli/output.js';
import { t } from '../../i18n/index.js';
import { mustGet, openStore } from './store.js';

export function registerProfileUse(parent: Command, ctx: Context): void {
  parent
    .command('use <name>')
    .description(t('profile.use.description'))
    .action(async (name: string) => {
      const store = await openStore(ctx);
      mustGet(store, name);
      store.setDefault(name);
      writeLine(ctx.stderr, t('profile.use.done', { name }));
    });
}
