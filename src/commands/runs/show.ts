import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { formatNumber, emitResult, writeLine } from '../../cli/output.js';
import { formatTime } from '../../i18n/dates.js';
import { t, tEn } from '../../i18n/index.js';
import { labelWidth, padDisplay } from '../../cli/width.js';
import { runStatusWord } from '../../status/words.js';

export interface RunsShowOptions {
  json?: boolean;
  report?: string;
}

export function registerRunsShow(runs: Command, ctx: Context): void {
  runs
    .command('show <run>')
    .description(t('runs.show.description'))
    .option('--report <file>', t('runs.show.option.report'))
    .option('--json', t('runs.option.json'))
    .action((run: string, opts: RunsShowOptions) => runRunsShow(run, opts, ctx));
}

/** The reason a run was closed, as recorded (English, for --json), in the reader's language when smsctl wrote it. */
function closedReason(reason: string): string {
  return reason === tEn('runs.close.reason') ? t('runs.close.reason') : reason;
}

export async function runRunsShow(id: string, opts: RunsShowOptions, ctx: Context): Promise<void> {
  const { RUN_ID, viewRun } = await import('../../runs/store.js');
  const { usageError } = await import('../../errors.js');
  if (!RUN_ID.test(id)) throw usageError(t('runs.not_run_id', { id }), 'BAD_ARGUMENT');
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
  const label = {
    run: t('runs.show.label.run'),
    created: t('runs.show.label.created'),
    profile: t('runs.show.label.profile'),
    input: t('runs.show.label.input'),
    message: t('runs.show.label.message'),
    requests: t('runs.show.label.requests'),
    sent: t('runs.show.label.sent'),
    failed: t('runs.show.label.failed'),
    unknown: t('runs.show.label.unknown'),
    notSent: t('runs.show.label.not_sent'),
    resume: t('runs.show.label.resume'),
    closed: t('runs.show.label.closed'),
  };
  const width = labelWidth(Object.values(label), 14);
  const line = (name: string, value: string) => writeLine(ctx.stdout, `${padDisplay(name, width)}${value}`);
  const status = runStatusWord(summary.status);
  line(label.run, view.pid ? t('runs.show.run_pid', { id, status, pid: view.pid }) : t('runs.show.run', { id, status }));
  line(label.created, formatTime(new Date(h.createdAt)));
  line(label.profile, t(h.sandbox ? 'runs.show.profile_sandbox' : 'runs.show.profile', { profile: h.profile, provider: h.provider }));
  line(label.input, t('runs.show.input', { name: h.input.name, rows: n(h.stats.rows), valid: n(h.stats.valid), invalid: n(h.stats.invalid), duplicates: n(h.stats.duplicates) }));
  line(label.message, h.message);
  line(label.requests, n(h.stats.batches));
  for (const [name, tally] of [[label.sent, view.tally.sent], [label.failed, view.tally.failed], [label.unknown, view.tally.unknown], [label.notSent, view.tally.notSent]] as const) {
    line(name, t('runs.show.tally', { recipients: t('status.recipients', { count: tally.recipients }), requests: t('runs.requests', { count: tally.requests }) }));
  }
  if (resume) line(label.resume, resume);
  if (view.journal.closed) line(label.closed, closedReason(view.journal.closed.reason));
  if (opts.report) writeLine(ctx.stderr, t('runs.show.report', { rows: n(rows ?? 0), file: opts.report }));
}
