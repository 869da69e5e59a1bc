import { Option, type Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { formatNumber, formatTable, emitResult, writeLine, plural } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { SmsctlError } from '../../errors.js';
import { stopError } from '../../cli/signals.js';
import { PROVIDER_NAMES, type MessageStatus, type Provider } from '../../providers/types.js';
import { positiveInt } from '../profile/add.js';
import { nextScheduled, openCount, tallyStatuses } from '../../status/tally.js';
import { isNotFound, unknownMessage } from '../../cli/unknown-message.js';

export interface StatusOptions {
  watch?: boolean;
  /** The old name of --watch, kept for scripts. */
  wait?: boolean;
  timeout?: number;
  json?: boolean;
}

export function registerStatus(program: Command, ctx: Context): void {
  program
    .command('status [ref]')
    .description('delivery status of a send (default: the last one) or of one message reference; --watch follows it to the end')
    .option('--watch', 'refresh until every recipient has a final status: a live bar on a terminal, a line per change otherwise')
    .addOption(new Option('--wait', 'the same as --watch').hideHelp())
    .option('--timeout <seconds>', 'with --watch: give up after this long (exit 9)', (v) => positiveInt(v, '--timeout'), 120)
    .option('--json', 'print JSON')
    .action((ref: string | undefined, opts: StatusOptions) => runStatus(ref, opts, ctx));
}

export async function runStatus(ref: string | undefined, opts: StatusOptions, ctx: Context): Promise<void> {
  const { lastRunId } = await import('../../runs/store.js');
  const { resolveReferences } = await import('../../runs/references.js');
  let runId = ref;
  if (runId === undefined) {
    runId = await lastRunId(ctx.configDir);
    if (!runId) throw new SmsctlError('usage', 'no earlier send is recorded here; pass a message reference', { code: 'NO_SEND' });
  }
  const { run, references } = await resolveReferences(ctx, runId, 'check');
  await withSession(ctx, async ({ provider, profile }) => {
    requireFeature(provider, 'status', 'status');
    const watch = Boolean(opts.watch || opts.wait);
    const timeoutSecs = opts.timeout ?? 120;
    const deadline = ctx.now().getTime() + timeoutSecs * 1000;
    let statuses = await fetchAll(provider, references);
    let stillScheduled: Date | undefined;
    if (watch) {
      const { watchUntilFinal } = await import('../../status/watch.js');
      const end = await watchUntilFinal(ctx, statuses, () => fetchAll(provider, references), { deadline, pollMs: references.length > 20 ? 5000 : 1000 });
      statuses = end.statuses;
      stillScheduled = end.scheduledAfterDeadline;
    }
    const lost = statuses.filter((s) => s.status === 'not_found').length;
    if (lost) writeLine(ctx.stderr, `warning: ${formatNumber(lost)} of ${plural(statuses.length, 'message')} are not known to ${PROVIDER_NAMES[provider.id]} (expired, or never stored); the rest are shown`);
    const summary = tallyStatuses(statuses);
    const total = statuses.reduce((n, s) => n + s.totalMsisdn, 0);
    const open = openCount(summary);
    const next = nextScheduled(statuses);
    if (opts.json) {
      emitResult(ctx, { runId: run?.header.id ?? null, provider: provider.id, profile: profile.name, total, final: open === 0, summary, messages: statuses });
    } else {
      const head = run ? `Run ${run.header.id}` : `Message ${ref}`;
      writeLine(ctx.stdout, `${head} — ${PROVIDER_NAMES[provider.id]}, ${plural(total, 'recipient')} in ${plural(statuses.length, 'message')}`);
      const rows = Object.entries(summary).map(([status, count]) => [status, formatNumber(count)]);
      writeLine(ctx.stdout, formatTable(['STATUS', 'RECIPIENTS'], rows));
      if (next) {
        const { formatBangkokTime } = await import('../../core/schedule.js');
        writeLine(ctx.stdout, `Scheduled: goes out ${formatBangkokTime(next)}${summary.scheduled && summary.scheduled < total ? ` (${plural(summary.scheduled, 'recipient')})` : ''}`);
      }
    }
    if (!watch || open === 0) return;
    if (ctx.signal.aborted) throw stopError(ctx.signal, 'stopped watching; the status above is the latest');
    if (stillScheduled) {
      const { formatBangkokTime } = await import('../../core/schedule.js');
      throw new SmsctlError('timeout', `scheduled to go out ${formatBangkokTime(stillScheduled)}, after --timeout ${timeoutSecs} s: nothing will change before then; watch again after it goes out`, { code: 'STILL_SCHEDULED' });
    }
    throw new SmsctlError('timeout', `${plural(open, 'recipient')} still without a final status after ${timeoutSecs} s; run it again, or watch longer with --timeout`, { code: 'STILL_PENDING' });
  });
}

async function fetchAll(provider: Provider, references: string[]): Promise<MessageStatus[]> {
  const out: MessageStatus[] = new Array(references.length);
  let next = 0;
  // A few requests at a time: fast for hundreds of references, gentle on rate limits.
  const worker = async () => {
    while (next < references.length) {
      const i = next++;
      // One reference the provider no longer knows (expired, or lost by a sandbox killed mid-write)
      // must not hide the rest of the run.
      out[i] = await provider.status!(references[i]!).catch((error: unknown) => {
        if (isNotFound(error) && references.length > 1) {
          return { reference: references[i]!, status: 'not_found', totalMsisdn: 0, drSummary: [] };
        }
        throw isNotFound(error) ? unknownMessage(references[i]!, provider.id) : error;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, references.length) }, worker));
  return out;
}
