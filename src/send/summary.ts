/**
 * What the user reads before and after a send: one data object (printed as JSON with
 * --json) and its human rendering.
 */
import type { ChalkInstance } from 'chalk';
import { formatNumber } from '../cli/output.js';
import { PROVIDER_NAMES, type BalanceResult, type ProviderId } from '../providers/types.js';
import type { RequestResult } from './execute.js';
import type { SendPlan } from './plan.js';

export interface SummaryContext {
  providerId: ProviderId;
  sandbox: boolean;
  profile: string;
  sender?: string;
  scheduledAt?: string;
  maxPerRequest: number;
  balance?: BalanceResult;
  rowLabel: (row: number) => string;
}

export function planJson(plan: SendPlan, sc: SummaryContext): Record<string, unknown> {
  return {
    provider: sc.providerId,
    sandbox: sc.sandbox,
    profile: sc.profile,
    sender: sc.sender ?? null,
    scheduledAt: sc.scheduledAt ?? null,
    recipients: {
      total: plan.rows,
      valid: plan.valid,
      invalid: plan.invalid.length,
      duplicates: plan.duplicates,
      droppedLeadingZero: plan.droppedZero,
      invalidRows: plan.invalid,
    },
    distinctTexts: plan.distinctTexts,
    parts: { min: plan.minParts, max: plan.maxParts, encodings: plan.encodings },
    credits: plan.credits,
    balance: sc.balance?.balance ?? null,
    requestsPlanned: plan.batches.length,
  };
}

interface Tally {
  requests: number;
  recipients: number;
}

export interface Outcomes {
  sent: Tally;
  rejectedByProvider: number;
  failed: Tally;
  unknown: Tally;
  notAttempted: Tally;
}

/** Requests and recipients per outcome; numbers the provider refused inside a sent request do not count as sent. */
export function tallyOutcomes(results: readonly RequestResult[]): Outcomes {
  const tally = (outcome: RequestResult['outcome']): Tally => {
    const rs = results.filter((r) => r.outcome === outcome);
    return { requests: rs.length, recipients: rs.reduce((n, r) => n + r.batch.msisdns.length, 0) };
  };
  const rejected = results.reduce((n, r) => n + (r.outcome === 'sent' ? (r.result?.rejected.length ?? 0) : 0), 0);
  const sent = tally('sent');
  return {
    sent: { requests: sent.requests, recipients: sent.recipients - rejected },
    rejectedByProvider: rejected,
    failed: tally('failed'),
    unknown: tally('unknown'),
    notAttempted: tally('not_attempted'),
  };
}

export function resultJson(results: readonly RequestResult[]): Record<string, unknown> {
  return {
    ...tallyOutcomes(results),
    requests: results.map(({ batch, outcome, result, error }) => ({
      index: batch.index,
      recipients: batch.msisdns.length,
      parts: batch.parts,
      credits: batch.credits,
      outcome,
      reference: result?.reference ?? null,
      ...(result?.refNo && { refNo: result.refNo }),
      ...(result?.rejected.length && { rejected: result.rejected }),
      ...(error && { error: { code: error.code, message: error.message } }),
    })),
  };
}

export function planLines(plan: SendPlan, sc: SummaryContext, c: ChalkInstance, maxInvalidShown: number): string[] {
  const n = formatNumber;
  const lines = [c.bold(`Send summary — ${PROVIDER_NAMES[sc.providerId]}${sc.sandbox ? ' sandbox' : ''} (profile ${sc.profile})`)];
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(18)}${value}`);
  row('Rows read', n(plan.rows));
  row('Recipients', c.green(n(plan.valid)));
  row('Invalid', plan.invalid.length ? c.yellow(n(plan.invalid.length)) : '0');
  row('Duplicates', plan.duplicates ? `${n(plan.duplicates)} (sent once)` : '0');
  const parts = plan.minParts === plan.maxParts ? `${plan.maxParts}` : `${plan.minParts}–${plan.maxParts}`;
  row('Message', `${plan.encodings.join('/')}, ${parts} part${plan.maxParts === 1 ? '' : 's'}${plan.distinctTexts > 1 ? `, ${n(plan.distinctTexts)} personalised texts` : ''}`);
  row('Credits', n(plan.credits));
  if (sc.balance) {
    const short = sc.balance.balance < plan.credits;
    row('Balance', short ? c.red(`${n(sc.balance.balance)} (not enough)`) : n(sc.balance.balance));
  }
  row('Requests', `${n(plan.batches.length)} (at most ${n(sc.maxPerRequest)} recipients each)`);
  row('Sender', sc.sender ?? '(provider default)');
  row('Schedule', sc.scheduledAt ?? 'now');
  for (const bad of plan.invalid.slice(0, maxInvalidShown)) {
    lines.push(c.yellow(`  ${sc.rowLabel(bad.row)}: "${bad.value}" — ${bad.reason}`));
  }
  if (plan.invalid.length > maxInvalidShown) {
    lines.push(c.yellow(`  … and ${n(plan.invalid.length - maxInvalidShown)} more invalid rows (--json lists them all)`));
  }
  return lines;
}

export function resultLines(results: readonly RequestResult[], c: ChalkInstance, rowLabel: (row: number) => string): string[] {
  const tally = tallyOutcomes(results);
  const n = formatNumber;
  const lines: string[] = [];
  const sent = tally.sent;
  lines.push(c.green(`Sent to ${n(sent.recipients)} recipient${sent.recipients === 1 ? '' : 's'} in ${n(sent.requests)} request${sent.requests === 1 ? '' : 's'}.`));
  if (tally.rejectedByProvider) lines.push(c.yellow(`The provider rejected ${n(tally.rejectedByProvider)} number(s) inside accepted requests.`));
  for (const r of results) {
    if (r.outcome === 'failed' || r.outcome === 'unknown') {
      const first = r.batch.rows[0];
      const last = r.batch.rows[r.batch.rows.length - 1];
      const span = first === undefined ? '' : first === last ? ` (${rowLabel(first)})` : ` (${rowLabel(first)} … ${rowLabel(last ?? first)})`;
      const what = r.outcome === 'failed' ? 'FAILED, not sent' : 'OUTCOME UNKNOWN, may or may not have been sent';
      lines.push(c.red(`Request ${r.batch.index + 1}: ${n(r.batch.msisdns.length)} recipients${span} ${what}: ${r.error?.message ?? ''}`));
    }
  }
  const skipped = tally.notAttempted;
  if (skipped.requests) lines.push(c.red(`Not attempted: ${n(skipped.recipients)} recipients in ${n(skipped.requests)} later requests.`));
  return lines;
}
