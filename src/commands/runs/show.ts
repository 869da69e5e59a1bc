import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { formatNumber, emitResult, writeLine, plural } from '../../cli/output.js';
import { formatBangkokTime } from '../../core/schedule.js';

export interface RunsShowOptions {
  json?: boolean;
  report?: string;
}

export function registerRunsShow(runs: Command, ctx: Context): void {
  runs
    .command('show <run>')
    .description('one run: what was asked, what each state holds, and how to resume it')
    .option('--report <file>', 'write the per-row CSV report (one row per input row and its outcome)')
    .option('--json', 'print JSON')
    .action((run: string, opts: RunsShowOptions) => runRunsShow(run, opts, ctx));
}

export async function runRunsShow(id: string, opts: RunsShowOptions, ctx: Context): Promise<void> {
  const { RUN_ID, viewRun } = await import('../../runs/store.js');
  const { usageError } = await import('../../errors.js');
  if (!RUN_ID.test(id)) throw usageError(`${id}: not a run id (like 20261201T093000-a1b2c3; smsctl runs list shows them)`, 'BAD_ARGUMENT');
  const view = await viewRun(ctx.configDir, id);
  const { runSummaryJson } = await import('../../runs/view.js');
  const { resumeCommand } = await import('../../send/finish.js');
  let rows: number | undefined;
  if (opts.report) {
    const { writeReport } = await import('../../runs/report.js');
    rows = (await writeReport(ctx, view.header, opts.report)).rows;
  }
  const summary = runSummaryJson(view);
  const h = view.header;
  const resume = summary.status === 'unfinished' ? resumeCommand(ctx, id) : null;
  if (opts.json) {
    return emitResult(ctx, {
      ...summary,
      sender: h.sender ?? null,
      scheduledAt: h.scheduledAt ?? null,
      message: h.message,
      input: { kind: h.input.kind, name: h.input.name, sha256: h.input.sha256 },
      plan: h.stats,
      resume,
      closed: view.journal.closed?.reason ?? null,
      report: opts.report ?? null,
    });
  }
  const n = formatNumber;
  const line = (label: string, value: string) => writeLine(ctx.stdout, `${label.padEnd(14)}${value}`);
  line('Run', `${id} (${summary.status}${view.pid ? `, process ${view.pid}` : ''})`);
  line('Created', formatBangkokTime(new Date(h.createdAt)));
  line('Profile', `${h.profile} (${h.provider}${h.sandbox ? ', sandbox' : ''})`);
  line('Input', `${h.input.name}: ${n(h.stats.rows)} rows, ${n(h.stats.valid)} recipients, ${n(h.stats.invalid)} invalid, ${n(h.stats.duplicates)} duplicates`);
  line('Message', h.message);
  line('Requests', n(h.stats.batches));
  for (const [label, t] of [['Sent', view.tally.sent], ['Failed', view.tally.failed], ['Unknown', view.tally.unknown], ['Not sent', view.tally.notSent]] as const) {
    line(label, `${plural(t.recipients, 'recipient')} in ${plural(t.requests, 'request')}`);
  }
  if (resume) line('Resume', resume);
  if (view.journal.closed) line('Closed', view.journal.closed.reason);
  if (opts.report) writeLine(ctx.stderr, `Report (${n(rows ?? 0)} rows): ${opts.report}`);
}
