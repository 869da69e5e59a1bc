import type { Command } from 'commander';
import { SmsctlError, usageError } from '../../errors.js';
import { isInteractive, type Context } from '../../cli/context.js';
import { writeLine } from '../../cli/output.js';
import { PROVIDER_NAMES } from '../../providers/types.js';
import { mustGet, openStore } from './store.js';

export interface ProfileRemoveOptions {
  yes?: boolean;
}

export function registerProfileRemove(parent: Command, ctx: Context): void {
  parent
    .command('remove <name>')
    .alias('rm')
    .description('remove a profile and its keys (asks first)')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .action((name: string, opts: ProfileRemoveOptions) => runProfileRemove(name, opts, ctx));
}

export async function runProfileRemove(name: string, opts: ProfileRemoveOptions, ctx: Context): Promise<void> {
  const store = await openStore(ctx);
  const profile = mustGet(store, name);
  if (profile.builtIn) {
    throw new SmsctlError('usage', `"${name}" is built in and cannot be removed`, { code: 'BUILTIN_PROFILE' });
  }
  const wasDefault = store.defaultName() === name;
  if (!opts.yes) {
    if (!isInteractive(ctx)) {
      throw usageError(`refusing to remove profile ${name} without confirmation: no terminal to ask on; pass --yes`, 'CONFIRMATION_REQUIRED');
    }
    const what = `${PROVIDER_NAMES[profile.provider]}${profile.sandbox ? ', sandbox' : ''}${wasDefault ? ', the default profile' : ''}`;
    const keys = profile.sandbox ? '' : ' and its keys';
    if (!(await ctx.prompter.confirm(`Remove profile ${name} (${what})${keys}?`, false))) {
      throw new SmsctlError('usage', 'Nothing removed.', { code: 'NOT_CONFIRMED', plain: true });
    }
  }
  store.remove(name);
  writeLine(ctx.stderr, `Removed profile ${name}.${wasDefault ? ' It was the default; pick another with: smsctl profile use NAME' : ''}`);
}
