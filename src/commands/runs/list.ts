import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { formatNumber, formatTable, emitResult, writeLine } from '../../cli/output.js';
import { formatTime } from '../../i18n/dates.js';
import { t } from '../../i18n/index.js';
import { runStatusWord } from '../../status/words.js';

export interface RunsListOptions {
  json?: boolean;
}

export function registerRunsList(runs: Command, ctx: Context): void {
  runs
    .command('list')
    .description(t('runs.list.description'))
    .option('--json', t('runs.option.json'))
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
  if (runs.length === 0) return writeLine(ctx.stderr, t('runs.list.none'));
  const n = formatNumber;
  const head = [
    t('status.column.run'),
    t('status.column.status'),
    t('status.column.created'),
    t('status.column.profile'),
    t('status.column.provider'),
    t('status.column.sent'),
    t('status.column.failed'),
    t('status.column.unknown'),
    t('status.column.not_sent'),
  ];
  writeLine(
    ctx.stdout,
    formatTable(
      head,
      runs.map((r) => [r.id, runStatusWord(r.status), formatTime(new Date(r.createdAt)), r.profile, r.provider, n(r.recipients.sent), n(r.recipients.failed), n(r.recipients.unknown), n(r.recipients.notSent)]),
    ),
  );
}
