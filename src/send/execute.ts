/**
 * send stage: one request per planned batch, in order. It stops at the first failure:
 * later batches would meet the same credit, auth or outage problem, and stopping keeps
 * the set of sent recipients exact and easy to state.
 */
import { SmsctlError } from '../errors.js';
import type { Provider, SendResult } from '../providers/types.js';
import type { PlannedBatch } from './plan.js';

export type RequestOutcome = 'sent' | 'failed' | 'unknown' | 'not_attempted';

export interface RequestResult {
  batch: PlannedBatch;
  outcome: RequestOutcome;
  result?: SendResult;
  error?: SmsctlError;
}

export interface ExecuteOptions {
  sender?: string;
  scheduledAt?: Date;
  signal: AbortSignal;
  onRequestDone?: (done: RequestResult, index: number) => void;
}

export async function executePlan(provider: Provider, batches: readonly PlannedBatch[], opts: ExecuteOptions): Promise<RequestResult[]> {
  const results: RequestResult[] = [];
  let stopped = false;
  for (const [index, batch] of batches.entries()) {
    if (stopped || opts.signal.aborted) {
      results.push({ batch, outcome: 'not_attempted' });
      continue;
    }
    let done: RequestResult;
    try {
      // The signal is deliberately not passed on: a request already on the wire is allowed to
      // finish, so Ctrl-C leaves every recipient either certainly sent or certainly not.
      const result = await provider.send({ msisdns: batch.msisdns, message: batch.text, sender: opts.sender, scheduledAt: opts.scheduledAt });
      done = { batch, outcome: 'sent', result };
    } catch (error) {
      const err = asSmsctlError(error, opts.signal);
      done = { batch, outcome: err.outcomeUnknown || err.kind === 'interrupted' ? 'unknown' : 'failed', error: err };
      stopped = true;
    }
    results.push(done);
    opts.onRequestDone?.(done, index);
  }
  return results;
}

function asSmsctlError(error: unknown, signal: AbortSignal): SmsctlError {
  if (error instanceof SmsctlError) return error;
  if (signal.aborted) {
    return new SmsctlError('interrupted', 'interrupted while a request was in flight', { code: 'INTERRUPTED', outcomeUnknown: true });
  }
  return new SmsctlError('internal', `unexpected error: ${(error as Error)?.message ?? String(error)}`, { cause: error, outcomeUnknown: true });
}

/**
 * How a finished send ends: undefined when every request was sent; otherwise the error
 * whose kind gives the exit code — interrupted (130) on Ctrl-C, partial (8) once anything
 * may have gone out, else the failure itself (credit 5, auth 4, …).
 */
export function sendOutcomeError(results: readonly RequestResult[], interrupted: boolean): SmsctlError | undefined {
  const failure = results.find((r) => r.error)?.error;
  const anySent = results.some((r) => r.outcome === 'sent' || r.outcome === 'unknown');
  if (!failure && !interrupted && results.every((r) => r.outcome === 'sent')) return undefined;
  // Ctrl-C keeps its conventional code; the summary says who was sent.
  if (interrupted) {
    return new SmsctlError('interrupted', `interrupted: ${anySent ? 'the remaining requests were not sent' : 'nothing was sent'}`, { code: 'INTERRUPTED' });
  }
  if (anySent) {
    return new SmsctlError('partial', `partial send: ${failure?.message ?? 'a request failed'}`, { code: 'PARTIAL_SEND', cause: failure });
  }
  return failure ?? new SmsctlError('internal', 'the send stopped without an error', { code: 'INTERNAL' });
}
