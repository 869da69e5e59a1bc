/**
 * How every pass over a run ends, for a new send and a resume alike: the report file if
 * asked, one JSON object or the human lines, the exact resume command, and the error
 * whose kind is the exit code.
 */
import type { ChalkInstance } from 'chalk';
import { isInteractive, type Context } from '../cli/context.js';
import { formatNumber, emitResult, writeLine, plural } from '../cli/output.js';
import { PROVIDER_NAMES, offers, type Provider } from '../providers/types.js';
import { MAX_REFERENCES_SHOWN, type RunOutcome } from '../runs/execute-run.js';
import { settledState } from '../runs/journal.js';
import { readPlan, runDir, type RunHeader, type RunTally } from '../runs/store.js';
import { tallyJson, tallyLines } from './summary.js';
import { formatBangkokTime } from '../core/schedule.js';

export interface FinishOptions {
  json?: boolean;
  report?: string;
  resumed: boolean;
  /** The plan summary of a new send, merged into its JSON. */
  planJson?: Record<string, unknown>;
}

/** What the user can do next, in one line: only unknowns left means resume alone sends nothing. */
function nextStep(ctx: Context, id: string, t: RunTally, resume: string | null): string {
  if (!resume) return 'is complete.';
  if (t.notSent.requests + t.failed.requests > 0) return `is unfinished. Resume it with: ${resume}`;
  const prefix = `smsctl ${ctx.global.profile ? `--profile ${ctx.global.profile} ` : ''}`;
  return `has only requests of unknown outcome left. Send them again (some may get it twice): ${resume} --resend-unknown — or accept the run as it is: ${prefix}runs close ${id}`;
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
        error: d && (d.s === 'failed' || d.s === 'unknown') ? d.error : { kind: 'interrupted', code: 'IN_FLIGHT', message: 'in flight when the process stopped' },
      });
    }
  }
  const t = out.tally;
  // A run of at most MAX_REFERENCES_SHOWN requests was read back with every event kept.
  const showReferences = header.stats.batches <= MAX_REFERENCES_SHOWN;
  const references: string[] = [];
  if (showReferences) {
    for (const i of out.journal.indices()) {
      const d = out.journal.detail(i);
      if (d?.s === 'sent' && d.ref) references.push(d.ref);
    }
  }
  const pending = t.failed.requests + t.unknown.requests + t.notSent.requests > 0;
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
      ...tallyJson(t),
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
  printOutcome(ctx, c, provider, out, tallyLines(t, c, header.scheduledAt && formatBangkokTime(new Date(header.scheduledAt))));
  for (const u of unresolved.slice(0, 10)) {
    const e = u.error as { message: string };
    const rows = u.rows as { first: number; last: number };
    const span = rows.first === rows.last ? `row ${rows.first}` : `rows ${rows.first}…${rows.last}`;
    writeLine(ctx.stderr, c.red(`  request ${u.request as number} (${formatNumber(u.recipients as number)} recipients, ${span}) ${u.outcome === 'failed' ? 'FAILED, not sent' : 'OUTCOME UNKNOWN'}: ${e.message}`));
  }
  if (unresolved.length > 10) writeLine(ctx.stderr, c.red(`  … and ${formatNumber(unresolved.length - 10)} more (runs show ${header.id})`));
  if (opts.report) writeLine(ctx.stderr, `Report (${formatNumber(reportRows ?? 0)} rows): ${opts.report}`);
  writeLine(ctx.stderr, `Run ${header.id} ${nextStep(ctx, header.id, t, resume)}`);
  // Only a hint that works: something was sent, and the provider can be asked about it.
  if (t.sent.requests > 0 && offers(provider, 'status')) {
    writeLine(ctx.stderr, `Delivery status: smsctl ${ctx.global.profile ? `--profile ${ctx.global.profile} ` : ''}status ${header.id}`);
  }
  if (out.error) throw out.error;
}

/** What to tell the user about the unknown batches left, in their words. */
function unknownAdvice(provider: Provider, t: RunTally, lookupFailed: boolean): string | undefined {
  if (!t.unknown.requests) return undefined;
  const name = PROVIDER_NAMES[provider.id];
  const who = `${plural(t.unknown.recipients, 'recipient')} in ${plural(t.unknown.requests, 'request')}`;
  if (provider.listMessages && lookupFailed) {
    return `${who}: ${name}'s message list could not be read just now, so smsctl could not check them; a later --resume asks again. --resend-unknown sends to them again: anyone who did get it gets it twice.`;
  }
  if (provider.listMessages) {
    return `${who}: ${name} lists no matching message yet, so smsctl cannot confirm they were sent; a later --resume checks again. --resend-unknown sends to them again: anyone who did get it gets it twice.`;
  }
  return `${who}: ${name} offers no way to look a request up, so whether they got the message cannot be checked. --resend-unknown sends to them again: anyone who did get it gets it twice.`;
}

function printOutcome(ctx: Context, c: ChalkInstance, provider: Provider, out: RunOutcome, lines: string[]): void {
  for (const line of lines) writeLine(ctx.stderr, line);
  if (out.resolved) writeLine(ctx.stderr, c.green(`${plural(out.resolved, 'request')} of unknown outcome were found sent by asking ${PROVIDER_NAMES[provider.id]}, and recorded as sent.`));
  const advice = unknownAdvice(provider, out.tally, out.lookupFailed);
  if (advice) writeLine(ctx.stderr, c.yellow(`Unknown: ${advice}`));
}
