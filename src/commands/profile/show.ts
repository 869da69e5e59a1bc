import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { padDisplay } from '../../cli/width.js';
import { emitResult, writeLine } from '../../cli/output.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { publicProfile } from './list.js';
import { mustGet, openStore } from './store.js';

export function registerProfileShow(parent: Command, ctx: Context): void {
  parent
    .command('show <name>')
    .description(t('profile.show.description'))
    .option('--json', t('profile.opt.json'))
    .action(async (name: string, opts: { json?: boolean }) => {
      const store = await openStore(ctx);
      const shown = publicProfile(mustGet(store, name), store.defaultName() === name);
      if (opts.json) return emitResult(ctx, shown);
      for (const [key, value] of Object.entries(shown)) {
        if (value === null || value === false) continue;
        const label = `${t(`profile.field.${key}` as MessageKey)}:`;
        writeLine(ctx.stdout, `${padDisplay(label, 12)} ${value === true ? t('profile.show.yes') : String(value)}`);
      }
    });
}
