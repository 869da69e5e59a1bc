import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { formatNumber, emitResult, writeLine } from '../../cli/output.js';
import { t, tEn } from '../../i18n/index.js';

export interface RunsCloseOptions {
  json?: boolean;
}

export function registerRunsClose(runs: Command, ctx: Context): void {
  runs
    .command('close <run>')
    .description(t('runs.close.description'))
    .option('--json', t('runs.option.json'))
    .action((run: string, opts: RunsCloseOptions) => runRunsClose(run, opts, ctx));
}

export async function runRunsClose(id: string, opts: RunsCloseOptions, ctx: Context): Promise<void> {
  const { RUN_ID, closeRun, viewRun } = await import('../../runs/store.js');
  const { SmsctlError, usageError } = await import('../../errors.js');
  if (!RUN_ID.test(id)) throw usageError(t('runs.not_run_id', { id }), 'BAD_ARGUMENT');
  const before = await viewRun(ctx.configDir, id);
  if (before.status === 'running') throw usageError(t('runs.busy_pid', { id, pid: String(before.pid) }), 'RUN_BUSY');
  if (before.status === 'unfinished') {
    // The reason goes into the journal and `runs show --json`: English whatever the language.
    await closeRun(ctx.configDir, id, tEn('runs.close.reason')).catch((error: unknown) => {
      throw error instanceof SmsctlError && error.code === 'STATE_LOCKED' ? usageError(t('runs.busy', { id }), 'RUN_BUSY') : error;
    });
  }
  const { tally: tl } = before;
  if (opts.json) return emitResult(ctx, { id, status: before.status === 'complete' ? 'complete' : 'closed', left: { failed: tl.failed, unknown: tl.unknown, notSent: tl.notSent } });
  const n = formatNumber;
  if (before.status === 'complete') return writeLine(ctx.stderr, t('runs.close.complete', { id }));
  writeLine(ctx.stderr, t('runs.close.closed', { id, sent: n(tl.sent.recipients), unknown: n(tl.unknown.recipients), failed: n(tl.failed.recipients), notSent: n(tl.notSent.recipients) }));
}
