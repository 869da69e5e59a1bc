import { Option, type Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { formatNumber, formatTable, emitResult, writeLine } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { SmsctlError } from '../../errors.js';
import { stopError } from '../../cli/signals.js';
import { PROVIDER_NAMES, type MessageStatus, type Provider } from '../../providers/types.js';
import { positiveInt } from '../profile/add.js';
import { nextScheduled, openCount, tallyStatuses } from '../../status/tally.js';
import { isNotFound, unknownMessage } from '../../cli/unknown-message.js';
import { formatTime } from '../../i18n/dates.js';
import { t } from '../../i18n/index.js';
import { statusWord } from '../../status/words.js';

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
    .description(t('status.description'))
    .option('--watch', t('status.option.watch'))
    .addOption(new Option('--wait', t('status.option.wait')).hideHelp())
    .option('--timeout <seconds>', t('status.option.timeout'), (v) => positiveInt(v, '--timeout'), 120)
    .option('--json', t('status.option.json'))
    .action((ref: string | undefined, opts: StatusOptions) => runStatus(ref, opts, ctx));
}

export async function runStatus(ref: string | undefined, opts: StatusOptions, ctx: Context): Promise<void> {
  const { lastRunId } = await import('../../runs/store.js');
  const { resolveReferences } = await import('../../runs/references.js');
  let runId = ref;
  if (runId === undefined) {
    runId = await lastRunId(ctx.configDir);
    if (!runId) throw new SmsctlError('usage', t('status.no_send'), { code: 'NO_SEND' });
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
    if (lost) writeLine(ctx.stderr, t('status.lost', { lost: formatNumber(lost), count: statuses.length, provider: PROVIDER_NAMES[provider.id] }));
    const summary = tallyStatuses(statuses);
    const total = statuses.reduce((n, s) => n + s.totalMsisdn, 0);
    const open = openCount(summary);
    const next = nextScheduled(statuses);
    if (opts.json) {
      emitResult(ctx, { runId: run?.header.id ?? null, provider: provider.id, profile: profile.name, total, final: open === 0, summary, messages: statuses });
    } else {
      const counts = { provider: PROVIDER_NAMES[provider.id], recipients: t('status.recipients', { count: total }), messages: t('status.messages', { count: statuses.length }) };
      writeLine(ctx.stdout, run ? t('status.head.run', { id: run.header.id, ...counts }) : t('status.head.message', { ref: ref ?? '', ...counts }));
      const rows = Object.entries(summary).map(([status, count]) => [statusWord(status), formatNumber(count)]);
      writeLine(ctx.stdout, formatTable([t('status.column.status'), t('status.column.recipients')], rows));
      if (next) {
        const time = formatTime(next);
        const some = summary.scheduled && summary.scheduled < total ? summary.scheduled : undefined;
        writeLine(ctx.stdout, some ? t('status.scheduled_some', { time, recipients: t('status.recipients', { count: some }) }) : t('status.scheduled', { time }));
      }
    }
    if (!watch || open === 0) return;
    if (ctx.signal.aborted) throw stopError(ctx.signal, t('status.watch_stopped'));
    if (stillScheduled) {
      throw new SmsctlError('timeout', t('status.still_scheduled', { time: formatTime(stillScheduled), timeout: timeoutSecs }), { code: 'STILL_SCHEDULED' });
    }
    throw new SmsctlError('timeout', t('status.still_pending', { count: open, timeout: timeoutSecs }), { code: 'STILL_PENDING' });
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
