/**
 * send stage: the executor owns concurrency, pacing and retries; the HTTP client makes one
 * attempt and says what happened. Every state change is in the journal before it matters:
 * "started" before the bytes leave, then sent / failed / unknown, or "deferred" when a
 * retryable answer (429, 503, nothing reached the provider) means it took nothing.
 */
import { setMaxListeners } from 'node:events';
import { SmsctlError } from '../errors.js';
import { inEnglish, t } from '../i18n/index.js';
import { backoff } from '../providers/http.js';
import type { Provider, SendResult } from '../providers/types.js';
import type { BatchEvent, ErrorInfo, JournalLog } from '../runs/journal.js';
import { sleep as defaultSleep, type Pacer, type Sleep } from './pacing.js';
import { batchNumbers, type PlannedBatch } from './plan.js';
import { sendRequestFor, type RequestSettings } from './request.js';

export type BatchOutcome = 'sent' | 'failed' | 'unknown';

export type ExecutorEvent =
  | { type: 'done'; batch: PlannedBatch; outcome: BatchOutcome; result?: SendResult; error?: SmsctlError }
  | { type: 'wait'; batch: PlannedBatch; ms: number; reason: string; attempt: number; maxAttempts: number };

export type StopReason = 'signal' | 'fatal' | 'failures';

export interface ExecutorResult {
  stoppedBy?: StopReason;
  /** The error that stopped the run (fatal, or the last of the consecutive failures). */
  stopError?: SmsctlError;
}

export interface RetryPolicy {
  /** Attempts per batch, the first included. */
  maxAttempts: number;
  /** Longest total wait for one batch before it is recorded as failed. */
  maxWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, maxWaitMs: 5 * 60_000 };

export interface ExecutorOptions extends RequestSettings {
  provider: Provider;
  batches: AsyncIterable<PlannedBatch>;
  journal: JournalLog;
  concurrency: number;
  pacer: Pacer;
  signal: AbortSignal;
  /** Stop after this many batches in a row failed or came back unknown. */
  maxFailures: number;
  retry?: RetryPolicy;
  now?: () => number;
  sleep?: Sleep;
  random?: () => number;
  onEvent?: (event: ExecutorEvent) => void;
}

/** Definite rejections that every later batch would meet too: stop at once. */
export function isFatal(error: SmsctlError): boolean {
  if (error.kind === 'auth' || error.kind === 'credit' || error.kind === 'usage' || error.kind === 'internal') return true;
  if (error.code === 'TOO_MANY_RECIPIENTS' || error.code === 'SENDER_MISSING' || error.code === 'SENDER_REQUIRED') return true;
  return /SENDER/i.test(error.providerCode ?? '');
}

export function errorInfo(error: SmsctlError): ErrorInfo {
  // The journal is a record scripts read (the CSV report quotes it): English in every language.
  return { kind: error.kind, code: error.code, message: inEnglish(error.message) };
}

export async function executeBatches(opts: ExecutorOptions): Promise<ExecutorResult> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  const retry = opts.retry ?? DEFAULT_RETRY;
  const random = opts.random ?? Math.random;
  const iterator = opts.batches[Symbol.asyncIterator]();
  let pulling: Promise<unknown> = Promise.resolve();
  let result: ExecutorResult = {};
  let consecutive = 0;
  let exhausted = false;

  // A run that stops for any reason also ends the waits of batches sitting out a Retry-After.
  const stopped = new AbortController();
  const waitSignal = AbortSignal.any([opts.signal, stopped.signal]);
  // Every request in flight and every pacing wait listens to it at once (each removes its
  // listener when done): --concurrency 16 is 16+ listeners, not a leak; Node's warning at 11
  // would land in the middle of the progress bar.
  setMaxListeners(0, waitSignal, opts.signal);
  const stopping = () => result.stoppedBy !== undefined || opts.signal.aborted;
  const stop = (by: StopReason, error?: SmsctlError) => {
    if (result.stoppedBy === undefined) result = { stoppedBy: by, stopError: error };
    stopped.abort();
  };

  // Batches are handed out one at a time, in plan order, whatever the concurrency.
  const pull = (): Promise<PlannedBatch | undefined> => {
    const next = pulling.then(async () => {
      if (exhausted || stopping()) return undefined;
      const r = await iterator.next();
      if (r.done) exhausted = true;
      return r.done ? undefined : r.value;
    });
    pulling = next.catch(() => undefined);
    return next;
  };

  /**
   * An answer is recorded without waiting for its fsync: until it is durable the batch reads
   * "started", i.e. unknown, which never double-sends. The next "started" is only durable
   * after it (one file, appended in order), and the run waits for all of them before it ends.
   */
  const settling = new Set<Promise<void>>();
  let settleError: unknown;
  const settle = (event: BatchEvent) => {
    const p = opts.journal.append(event).then(
      () => settling.delete(p),
      (error: unknown) => {
        settleError ??= error;
        settling.delete(p);
        stop('fatal');
      },
    ) as Promise<void>;
    settling.add(p);
  };

  const runBatch = async (batch: PlannedBatch) => {
    const msisdns = batchNumbers(batch);
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      if (!(await opts.pacer.take(waitSignal)) || stopping()) return;
      await opts.journal.append({ i: batch.index, s: 'started', t: now(), n: batch.count, attempt });
      let error: SmsctlError;
      try {
        // No signal: a request on the wire finishes, so its outcome is known and recorded.
        const res = await opts.provider.send(sendRequestFor(batch.text, msisdns, opts));
        settle({
          i: batch.index,
          s: 'sent',
          t: now(),
          n: batch.count,
          ...(res.reference && { ref: res.reference }),
          ...(res.refNo && { refNo: res.refNo }),
          ...(res.rejected.length && { rejected: res.rejected.map((r) => [r.msisdn, r.reason] as [string, string]) }),
          ...(res.messageIds?.length && { ids: res.messageIds.map((m) => [m.msisdn, m.messageId] as [string, string]) }),
          ...(res.blockedCount && { blocked: res.blockedCount }),
        });
        consecutive = 0;
        opts.onEvent?.({ type: 'done', batch, outcome: 'sent', result: res });
        return;
      } catch (e) {
        error = asSmsctlError(e);
      }
      if (error.retryable) {
        const wait = error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : backoff(attempt, random);
        if (attempt < retry.maxAttempts && waited + wait <= retry.maxWaitMs && !stopping()) {
          await opts.journal.append({ i: batch.index, s: 'deferred', t: now(), n: batch.count, why: error.code });
          if (error.status === 429) opts.pacer.pause(wait);
          waited += wait;
          opts.onEvent?.({ type: 'wait', batch, ms: wait, reason: error.message, attempt: attempt + 1, maxAttempts: retry.maxAttempts });
          await sleep(wait, waitSignal);
          // Stopped while waiting: the batch stays "deferred", which resume sends.
          if (stopping()) return;
          continue;
        }
      }
      if (error.retryable && attempt > 1) {
        error = new SmsctlError(error.kind, t('send.gave_up', { message: error.message, attempts: attempt }), {
          code: error.code,
          status: error.status,
          providerCode: error.providerCode,
          providerMessage: error.providerMessage,
          retryAfterSeconds: error.retryAfterSeconds,
          outcomeUnknown: error.outcomeUnknown,
          retryable: error.retryable,
          cause: error,
        });
      }
      // Retryable means the provider took nothing, so giving up on it is a definite failure.
      const outcome: BatchOutcome = !error.retryable && error.outcomeUnknown ? 'unknown' : 'failed';
      settle({ i: batch.index, s: outcome, t: now(), n: batch.count, error: errorInfo(error) });
      opts.onEvent?.({ type: 'done', batch, outcome, error });
      consecutive++;
      if (isFatal(error)) stop('fatal', error);
      else if (consecutive >= opts.maxFailures) stop('failures', error);
      return;
    }
  };

  const worker = async () => {
    for (;;) {
      const batch = await pull();
      if (!batch) return;
      await runBatch(batch);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  await Promise.all(settling);
  if (settleError !== undefined) throw settleError;
  if (opts.signal.aborted) stop('signal');
  await iterator.return?.(undefined);
  return result;
}

function asSmsctlError(error: unknown): SmsctlError {
  if (error instanceof SmsctlError) return error;
  return new SmsctlError('internal', t('send.unexpected_error', { message: (error as Error)?.message ?? String(error) }), { cause: error, outcomeUnknown: true });
}
