import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { registerRunsClose } from './close.js';
import { registerRunsList } from './list.js';
import { registerRunsShow } from './show.js';

export function registerRuns(program: Command, ctx: Context): void {
  const runs = program.command('runs').description('sends recorded on this machine: what each sent, and what is left to resume');
  registerRunsList(runs, ctx);
  registerRunsShow(runs, ctx);
  registerRunsClose(runs, ctx);
}
