import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { formatBangkokTime } from '../../core/schedule.js';
import { formatNumber, formatTable, emitResult, writeLine } from '../../cli/output.js';

export interface RunsListOptions {
  json?: boolean;
}

export function registerRunsList(runs: Command, ctx: Context): void {
  runs
    .command('list')
    .description('every run, newest first, with its recipients by state')
    .option('--json', 'print JSON')
    .action((opts: RunsListOptions) => runRunsList(opts, ctx));
}

export async function runRunsList(opts: RunsListOptions, ctx: Context): Promise<void> {
  const { listRunIds, briefRun } = await import('../../runs/store.js');
  const { runSummaryJson } = await import('../../runs/view.js');
  const runs = [];
  for (const id of await listRunIds(ctx.configDir)) {
    const view = await briefRun(ctx.configDir, id).catch(() => undefined);
    if (view) runs.push(runSummaryJson(view));
  }
  if (opts.json) return emitResult(ctx, { runs });
  if (runs.length === 0) return writeLine(ctx.stderr, 'No runs yet: every real `smsctl send` is recorded as one.');
  const n = formatNumber;
  writeLine(
    ctx.stdout,
    formatTable(
      ['RUN', 'STATUS', 'CREATED', 'PROFILE', 'PROVIDER', 'SENT', 'FAILED', 'UNKNOWN', 'NOT SENT'],
      runs.map((r) => [r.id, r.status, formatBangkokTime(new Date(r.createdAt)), r.profile, r.provider, n(r.recipients.sent), n(r.recipients.failed), n(r.recipients.unknown), n(r.recipients.notSent)]),
    ),
  );
}
