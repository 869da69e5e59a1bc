/**
 * How every pass over a run ends, for a new send and a resume alike: the report file if
 * asked, one JSON object or the human lines, the exact resume command, and the error
 * whose kind is the exit code.
 */
import type { ChalkInstance } from 'chalk';
import { isInteractive, type Context } from '../cli/context.js';
import { formatNumber, emitResult, writeLine } from '../cli/output.js';
import { PROVIDER_NAMES, offers, type Provider } from '../providers/types.js';
import { MAX_REFERENCES_SHOWN, type RunOutcome } from '../runs/execute-run.js';
import { settledState } from '../runs/journal.js';
import { readPlan, runDir, type RunHeader, type RunTally } from '../runs/store.js';
import { recipientsText, requestsText, tallyJson, tallyLines } from './summary.js';
import { t } from '../i18n/index.js';
import { formatTime } from '../i18n/dates.js';

export interface FinishOptions {
  json?: boolean;
  report?: string;
  resumed: boolean;
  /** The plan summary of a new send, merged into its JSON. */
  planJson?: Record<string, unknown>;
}

/** What the user can do next, in one line: only unknowns left means resume alone sends nothing. */
function nextStep(ctx: Context, id: string, tally: RunTally, resume: string | null): string {
  if (!resume) return t('run.complete', { id });
  if (tally.notSent.requests + tally.failed.requests > 0) return t('run.unfinished', { id, command: resume });
  const prefix = `smsctl ${ctx.global.profile ? `--profile ${ctx.global.profile} ` : ''}`;
  // i18n-ignore: a command, typed as it is in every language
  return t('run.only_unknown', { id, command: resume, close: `${prefix}runs close ${id}` });
}

/** The command that continues the run, as it would work here: without a terminal to confirm on, with --yes. */
export function resumeCommand(ctx: Context, id: string): string {
  return `smsctl ${ctx.global.profile ? `--profile ${ctx.global.profile} ` : ''}send --resume ${id}${isInteractive(ctx) ? '' : ' --yes'}`;
}

export async function finishRun(ctx: Context, provider: Provider, header: RunHeader, out: RunOutcome, opts: FinishOptions): Promise<void> {
  const { styleFor } = await import('../cli/style.js');
  const c = await styleFor(ctx, ctx.stderr);
  let reportRows: number | undefined;
  if (opts.report) {
    const { writeReport } = await import('../runs/report.js');
    reportRows = (await writeReport(ctx, header, opts.report)).rows;
  }
  const open = new Set<number>();
  for (const i of out.journal.indices()) {
    const s = settledState(out.journal.state(i));
    if (s === 'failed' || s === 'unknown') open.add(i);
  }
  const unresolved: Record<string, unknown>[] = [];
  if (open.size) {
    for await (const b of readPlan(ctx.configDir, header.id, (i) => open.has(i))) {
      const d = out.journal.detail(b.index);
      const rows = b.rows.split(',');
      unresolved.push({
        request: b.index + 1,
        outcome: settledState(out.journal.state(b.index)),
        recipients: b.count,
        rows: { first: Number(rows[0]), last: Number(rows[rows.length - 1]) },
        error: d && (d.s === 'failed' || d.s === 'unknown') ? d.error : { kind: 'interrupted', code: 'IN_FLIGHT', message: t('run.in_flight') },
      });
    }
  }
  const tally = out.tally;
  // A run of at most MAX_REFERENCES_SHOWN requests was read back with every event kept.
  const showReferences = header.stats.batches <= MAX_REFERENCES_SHOWN;
  const references: string[] = [];
  if (showReferences) {
    for (const i of out.journal.indices()) {
      const d = out.journal.detail(i);
      if (d?.s === 'sent' && d.ref) references.push(d.ref);
    }
  }
  const pending = tally.failed.requests + tally.unknown.requests + tally.notSent.requests > 0;
  const resume = pending ? resumeCommand(ctx, header.id) : null;
  if (opts.json) {
    emitResult(ctx, {
      dryRun: false,
      runId: header.id,
      resumed: opts.resumed,
      provider: header.provider,
      sandbox: header.sandbox,
      profile: header.profile,
      sender: header.sender ?? null,
      scheduledAt: header.scheduledAt ?? null,
      ...opts.planJson,
      ...tallyJson(tally),
      resolvedByProvider: out.resolved,
      // In plan order; beyond MAX_REFERENCES_SHOWN requests, `runs show --report` has them all.
      references: showReferences ? references : null,
      stoppedBy: out.executor.stoppedBy ?? null,
      unresolved,
      resume,
      report: opts.report ?? null,
      journal: runDir(ctx.configDir, header.id),
    });
  }
  printOutcome(ctx, c, provider, out, tallyLines(tally, c, header.scheduledAt && formatTime(new Date(header.scheduledAt))));
  for (const u of unresolved.slice(0, 10)) {
    const e = u.error as { message: string };
    const rows = u.rows as { first: number; last: number };
    const span = rows.first === rows.last ? t('run.unresolved.row', { row: rows.first }) : t('run.unresolved.rows', { first: rows.first, last: rows.last });
    const state = u.outcome === 'failed' ? t('run.unresolved.failed') : t('run.unresolved.unknown');
    writeLine(ctx.stderr, c.red(`  ${t('run.unresolved', { request: u.request as number, count: u.recipients as number, rows: span, state, message: e.message })}`));
  }
  if (unresolved.length > 10) writeLine(ctx.stderr, c.red(`  ${t('run.unresolved.more', { count: unresolved.length - 10, id: header.id })}`));
  if (opts.report) writeLine(ctx.stderr, t('run.report_written', { rows: formatNumber(reportRows ?? 0), file: opts.report }));
  writeLine(ctx.stderr, nextStep(ctx, header.id, tally, resume));
  // Only a hint that works: something was sent, and the provider can be asked about it.
  if (tally.sent.requests > 0 && offers(provider, 'status')) {
    writeLine(ctx.stderr, t('run.delivery_status', { command: `smsctl ${ctx.global.profile ? `--profile ${ctx.global.profile} ` : ''}status ${header.id}` }));
  }
  if (out.error) throw out.error;
}

/** What to tell the user about the unknown batches left, in their words. */
function unknownAdvice(provider: Provider, tally: RunTally, lookupFailed: boolean): string | undefined {
  if (!tally.unknown.requests) return undefined;
  const params = { provider: PROVIDER_NAMES[provider.id], who: t('run.unknown.who', { recipients: recipientsText(tally.unknown.recipients), requests: requestsText(tally.unknown.requests) }) };
  if (provider.listMessages && lookupFailed) return t('run.unknown.lookup_failed', params);
  if (provider.listMessages) return t('run.unknown.not_listed', params);
  return t('run.unknown.no_lookup', params);
}

function printOutcome(ctx: Context, c: ChalkInstance, provider: Provider, out: RunOutcome, lines: string[]): void {
  for (const line of lines) writeLine(ctx.stderr, line);
  if (out.resolved) writeLine(ctx.stderr, c.green(t('run.found_sent', { requests: requestsText(out.resolved), provider: PROVIDER_NAMES[provider.id] })));
  const advice = unknownAdvice(provider, out.tally, out.lookupFailed);
  if (advice) writeLine(ctx.stderr, c.yellow(t('run.unknown.line', { advice })));
}
