import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { formatNumber, emitResult, writeLine } from '../../cli/output.js';

export interface RunsCloseOptions {
  json?: boolean;
}

export function registerRunsClose(runs: Command, ctx: Context): void {
  runs
    .command('close <run>')
    .description('accept a run as it is: --resume will send nothing more for it, and the same list and message may be sent as a new run')
    .option('--json', 'print JSON')
    .action((run: string, opts: RunsCloseOptions) => runRunsClose(run, opts, ctx));
}

export async function runRunsClose(id: string, opts: RunsCloseOptions, ctx: Context): Promise<void> {
  const { RUN_ID, closeRun, viewRun } = await import('../../runs/store.js');
  const { SmsctlError, usageError } = await import('../../errors.js');
  if (!RUN_ID.test(id)) throw usageError(`${id}: not a run id (like 20261201T093000-a1b2c3; smsctl runs list shows them)`, 'BAD_ARGUMENT');
  const before = await viewRun(ctx.configDir, id);
  if (before.status === 'running') throw usageError(`run ${id} is being sent right now by process ${before.pid}; stop it first`, 'RUN_BUSY');
  if (before.status === 'unfinished') {
    await closeRun(ctx.configDir, id, 'closed by the user').catch((error: unknown) => {
      throw error instanceof SmsctlError && error.code === 'STATE_LOCKED' ? usageError(`run ${id} is being sent right now; stop it first`, 'RUN_BUSY') : error;
    });
  }
  const { tally: t } = before;
  if (opts.json) return emitResult(ctx, { id, status: before.status === 'complete' ? 'complete' : 'closed', left: { failed: t.failed, unknown: t.unknown, notSent: t.notSent } });
  const n = formatNumber;
  if (before.status === 'complete') return writeLine(ctx.stderr, `Run ${id} is complete: nothing to close.`);
  writeLine(
    ctx.stderr,
    `Run ${id} is closed: ${n(t.sent.recipients)} sent; left as they are: ${n(t.unknown.recipients)} of unknown outcome, ${n(t.failed.recipients)} failed, ${n(t.notSent.recipients)} not sent.`,
  );
}
