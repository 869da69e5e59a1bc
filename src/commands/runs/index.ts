import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { t } from '../../i18n/index.js';
import { registerRunsClose } from './close.js';
import { registerRunsList } from './list.js';
import { registerRunsShow } from './show.js';

export function registerRuns(program: Command, ctx: Context): void {
  const runs = program.command('runs').description(t('help.group.runs'));
  registerRunsList(runs, ctx);
  registerRunsShow(runs, ctx);
  registerRunsClose(runs, ctx);
}
