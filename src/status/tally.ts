/**
 * What a set of message statuses adds up to, per recipient: pure, so `status`, `status
 * --watch` and `cancel` agree on what "scheduled", "pending" and "final" mean.
 */
import type { MessageStatus } from '../providers/types.js';

/** A recipient with one of these will not change again. */
const FINAL = new Set(['success', 'failed', 'invalid', 'blocked', 'expired', 'timeout', 'cancelled', 'not_found']);

/** The order statuses are listed in: the ones still moving first, then the outcomes. */
const ORDER = ['scheduled', 'pending', 'success', 'failed', 'invalid', 'blocked', 'expired', 'timeout', 'cancelled', 'not_found'];

/**
 * Recipient counts of one message. A scheduled message's recipients are `scheduled`, not
 * `pending` (a provider reports them pending until it sends); a cancelled one's `cancelled`.
 */
export function countsOf(m: MessageStatus): Record<string, number> {
  if (m.status === 'scheduled' || m.status === 'cancelled' || m.status === 'not_found') return { [m.status]: m.totalMsisdn };
  if (m.drSummary.length === 0) return { [m.status === 'sent' ? 'pending' : m.status]: m.totalMsisdn };
  const out: Record<string, number> = {};
  for (const d of m.drSummary) if (d.count > 0) out[d.status] = (out[d.status] ?? 0) + d.count;
  return out;
}

/** Recipients per status over every message, in display order. */
export function tallyStatuses(statuses: readonly MessageStatus[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const m of statuses) for (const [k, v] of Object.entries(countsOf(m))) sum[k] = (sum[k] ?? 0) + v;
  const ordered: Record<string, number> = {};
  for (const k of [...ORDER, ...Object.keys(sum).sort()]) if (sum[k] !== undefined && !(k in ordered)) ordered[k] = sum[k];
  return ordered;
}

export function isFinalStatus(status: string): boolean {
  return FINAL.has(status);
}

/** Recipients whose status may still change (scheduled ones included). */
export function openCount(summary: Record<string, number>): number {
  let n = 0;
  for (const [k, v] of Object.entries(summary)) if (!FINAL.has(k)) n += v;
  return n;
}

/** The earliest send time of the messages still scheduled, if any. */
export function nextScheduled(statuses: readonly MessageStatus[]): Date | undefined {
  let next: number | undefined;
  for (const m of statuses) {
    if (m.status !== 'scheduled' || !m.scheduledAt) continue;
    const t = Date.parse(m.scheduledAt);
    if (!Number.isNaN(t) && (next === undefined || t < next)) next = t;
  }
  return next === undefined ? undefined : new Date(next);
}

/** Whether the summary changed in a way worth a line: a count moved. */
export function sameSummary(a: Record<string, number>, b: Record<string, number>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
