import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Argument, type Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { writeLine } from '../../cli/output.js';
import { BUILTIN_SANDBOX_PROFILE } from '../../config/profile.js';
import { usageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { SHELLS, completionScript, type Shell } from './shells.js';
import { describeTree } from './tree.js';

export interface CompletionOptions {
  shell: string;
}

export function registerCompletion(program: Command, ctx: Context): void {
  const shell = new Argument('<shell>', t('completion.shell'));
  // Listed for --help and for completing `smsctl completion <Tab>`; checked in runCompletion,
  // so that a wrong shell is a BAD_SHELL usage error like every other.
  shell.argChoices = [...SHELLS];
  program
    .command('completion')
    .description(t('completion.description'))
    .addArgument(shell)
    .action((name: string) => runCompletion({ shell: name }, program, ctx));

  // Called by the scripts while the user presses Tab: one value per line, nothing on stderr.
  program
    .command('__complete', { hidden: true })
    .argument('<what>', 'profiles')
    .action((what: string) => runCompleteValues(what, ctx));
}

/** Prints the script for `opts.shell`, generated from the command tree `root` belongs to. */
export function runCompletion(opts: CompletionOptions, root: Command, ctx: Context): void {
  if (!(SHELLS as readonly string[]).includes(opts.shell)) {
    throw usageError(t('completion.unknown_shell', { shell: opts.shell, shells: SHELLS.join(', ') }), 'BAD_SHELL');
  }
  while (root.parent) root = root.parent;
  ctx.stdout.write(completionScript(opts.shell as Shell, describeTree(root), ctx.version));
}

export async function runCompleteValues(what: string, ctx: Context): Promise<void> {
  if (what !== 'profiles') return;
  for (const name of await profileNames(ctx)) writeLine(ctx.stdout, name);
}

/** The profile names, the built-in one first; never fails and never creates the config. */
async function profileNames(ctx: Context): Promise<string[]> {
  // conf keeps the profiles in <configDir>/config.json (see ProfileStore): without it only the built-in exists.
  if (!existsSync(join(ctx.configDir, 'config.json'))) return [BUILTIN_SANDBOX_PROFILE.name];
  try {
    const { ProfileStore } = await import('../../config/store.js');
    return new ProfileStore(ctx.configDir).list().map((p) => p.name);
  } catch {
    // An unreadable config is reported by the command the user runs, not in the middle of a Tab.
    return [BUILTIN_SANDBOX_PROFILE.name];
  }
}
