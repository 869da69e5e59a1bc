/**
 * Sends what a run still owes, from its journal: the batches not started, deferred or
 * definitely failed, and, only when asked, those whose outcome is unknown. Used by a new
 * send right after planning and by `send --resume`; both end in the same report.
 */
import type { Context } from '../cli/context.js';
import { t } from '../i18n/index.js';
import { stopError, stopSignalOf } from '../cli/signals.js';
import { SmsctlError } from '../errors.js';
import type { Provider } from '../providers/types.js';
import { executeBatches, type ExecutorResult } from '../send/executor.js';
import { Pacer, type Pace } from '../send/pacing.js';
import { JournalLog, KEEP_ALL_BUT_SENT, readJournal, settledState, type JournalEvent, type JournalState } from './journal.js';
import { journalPath, owed, readPlan, rememberSettled, sendOptionsOf, tallyRun, type RunHeader, type RunTally } from './store.js';
import { resolveUnknowns } from './resolve.js';
import { recipientsText } from '../send/summary.js';

export interface RunSendOptions {
  pace: Pace;
  maxFailures: number;
  resendUnknown: boolean;
  /** Recipients already accounted for before this pass (resume), for the progress bar. */
  alreadyDone?: number;
}

export interface RunOutcome {
  tally: RunTally;
  journal: JournalState;
  executor: ExecutorResult;
  /** Unknown batches found sent by asking the provider, in this pass. */
  resolved: number;
  /** The provider's message list could not be read, so some unknowns were not checked. */
  lookupFailed: boolean;
  error?: SmsctlError;
}

/** Runs of at most this many requests list their references in the result (and keep every event when read back). */
export const MAX_REFERENCES_SHOWN = 1000;

export async function sendRun(ctx: Context, provider: Provider, header: RunHeader, before: JournalState, opts: RunSendOptions): Promise<RunOutcome> {
  const path = journalPath(ctx.configDir, header.id);
  // A small run is read back whole at the end (its references are listed); a large one keeps
  // its state in memory as events are appended, instead of re-reading a journal of many MB.
  const small = header.stats.batches <= MAX_REFERENCES_SHOWN;
  const keep = small ? () => true : KEEP_ALL_BUT_SENT;
  const live = (event: JournalEvent) => {
    if (!('e' in event)) before.apply(event, keep(event.s));
  };
  const log = await JournalLog.open(path, small ? undefined : live);
  let executor: ExecutorResult = {};
  try {
    await log.append({ e: 'start', t: Date.now(), pid: process.pid, resume: before.starts > 0 });
    const want = (i: number) => {
      const s = settledState(before.state(i));
      return s === 'not_sent' || s === 'failed' || (s === 'unknown' && opts.resendUnknown);
    };
    const todo = owed(tallyRun(header, before), opts.resendUnknown);
    if (todo.requests > 0) {
      const { createSendProgress } = await import('../ui/progress.js');
      const progress = await createSendProgress(ctx, todo.recipients, header.stats.batches);
      try {
        executor = await executeBatches({
          provider,
          batches: readPlan(ctx.configDir, header.id, want, false),
          journal: log,
          sender: header.sender,
          scheduledAt: header.scheduledAt ? new Date(header.scheduledAt) : undefined,
          options: sendOptionsOf(header),
          contactGroupId: header.contactGroupId,
          templateId: header.templateId,
          ...(header.personalise && { personalisedTemplate: header.message }),
          concurrency: opts.pace.concurrency,
          pacer: new Pacer(opts.pace.rate),
          signal: ctx.signal,
          maxFailures: opts.maxFailures,
          onEvent: (e) => progress.event(e),
        });
      } finally {
        progress.stop();
      }
    }
    const reason = executor.stoppedBy === 'signal' ? (stopSignalOf(ctx.signal) ?? 'SIGINT') : (executor.stoppedBy ?? 'done');
    await log.append({ e: 'stop', t: Date.now(), reason });
  } finally {
    await log.close();
  }
  let journal = small ? await readJournal(path, header.stats.batches, keep) : before;
  const { resolved, lookupFailed } = ctx.signal.aborted ? { resolved: 0, lookupFailed: false } : await resolveUnknowns(ctx, provider, header, journal);
  if (resolved) journal = await readJournal(path, header.stats.batches, keep);
  const tally = tallyRun(header, journal);
  if (tally.failed.requests + tally.unknown.requests + tally.notSent.requests === 0) await rememberSettled(ctx.configDir, header.id, 'complete', tally);
  return { tally, journal, executor, resolved, lookupFailed, error: outcomeError(tally, executor, ctx.signal) };
}

/**
 * How a pass ends: nothing when every batch is sent; the signal's code (130, 143, 129)
 * when stopped by one; partial (8) once anything of the run was, or may have been, sent;
 * otherwise the failure itself (credit 5, auth 4, …).
 */
export function outcomeError(tally: RunTally, ex: ExecutorResult, signal: AbortSignal): SmsctlError | undefined {
  const open = tally.failed.requests + tally.unknown.requests + tally.notSent.requests;
  const stop = stopSignalOf(signal);
  if (ex.stoppedBy === 'signal' || (stop && open > 0)) {
    return stopError(signal, t('run.stopped_in_flight', { recipients: recipientsText(tally.notSent.recipients) }));
  }
  if (open === 0) return undefined;
  const why = ex.stopError
    ? ex.stoppedBy === 'failures'
      ? t('run.stopped_failures', { message: ex.stopError.message })
      : ex.stopError.message
    : tally.unknown.requests
      ? t('run.why_unknown', { count: tally.unknown.recipients })
      : t('run.why_not_sent', { recipients: recipientsText(tally.failed.recipients + tally.notSent.recipients) });
  if (tally.sent.requests + tally.unknown.requests > 0) {
    return new SmsctlError('partial', t('run.partial', { why }), { code: 'PARTIAL_SEND', cause: ex.stopError });
  }
  if (ex.stopError) return ex.stopError;
  return new SmsctlError('provider', why, { code: 'NOT_SENT' });
}
