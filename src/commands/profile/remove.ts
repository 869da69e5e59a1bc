import type { Command } from 'commander';
import { SmsctlError, usageError } from '../../errors.js';
import { isInteractive, type Context } from '../../cli/context.js';
import { writeLine } from '../../cli/output.js';
import { t } from '../../i18n/index.js';
import { PROVIDER_NAMES } from '../../providers/types.js';
import { mustGet, openStore } from './store.js';

export interface ProfileRemoveOptions {
  yes?: boolean;
}

export function registerProfileRemove(parent: Command, ctx: Context): void {
  parent
    .command('remove <name>')
    .alias('rm')
    .description(t('profile.remove.description'))
    .option('-y, --yes', t('profile.remove.opt.yes'))
    .action((name: string, opts: ProfileRemoveOptions) => runProfileRemove(name, opts, ctx));
}

export async function runProfileRemove(name: string, opts: ProfileRemoveOptions, ctx: Context): Promise<void> {
  const store = await openStore(ctx);
  const profile = mustGet(store, name);
  if (profile.builtIn) {
    throw new SmsctlError('usage', t('profile.remove.builtin', { name }), { code: 'BUILTIN_PROFILE' });
  }
  const wasDefault = store.defaultName() === name;
  if (!opts.yes) {
    if (!isInteractive(ctx)) {
      throw usageError(t('profile.remove.needs_yes', { name }), 'CONFIRMATION_REQUIRED');
    }
    const what = `${PROVIDER_NAMES[profile.provider]}${profile.sandbox ? t('profile.remove.confirm_sandbox') : ''}${wasDefault ? t('profile.remove.confirm_default') : ''}`;
    const keys = profile.sandbox ? '' : t('profile.remove.confirm_keys');
    if (!(await ctx.prompter.confirm(t('profile.remove.confirm', { name, what, keys }), false))) {
      throw new SmsctlError('usage', t('profile.remove.declined'), { code: 'NOT_CONFIRMED', plain: true });
    }
  }
  store.remove(name);
  writeLine(ctx.stderr, t('profile.remove.done', { name, default: wasDefault ? t('profile.remove.done_default') : '' }));
}
