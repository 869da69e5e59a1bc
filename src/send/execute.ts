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
