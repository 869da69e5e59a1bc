/** The terminal lines of `webhook listen`. */
import { formatBangkokTime } from '../core/schedule.js';
import type { EventSummary } from './events.js';
import type { ForwardOutcome } from './forward.js';
import type { ReceivedDelivery } from './listener.js';

/** Ids are long hex or uuids: enough of one to tell deliveries apart. */
export function shortId(id: string | null): string {
  if (!id) return '-';
  return id.length > 12 ? `${id.slice(0, 12)}…` : id;
}

export function formatDelivery(d: ReceivedDelivery): string {
  const time = formatBangkokTime(new Date(d.time));
  if (d.source === 'sepsms') {
    const cells = [time, d.event.padEnd(15), d.msisdn ?? '-', d.status ?? '-', `sms ${shortId(d.smsUuid)}`, `tx ${shortId(d.txId)}`, 'verified'];
    return cells.join('  ');
  }
  const fields = Object.entries(d.data as Record<string, unknown>)
    .map(([k, v]) => `${k}=${clip(typeof v === 'string' ? v : JSON.stringify(v))}`)
    .join(' ');
  return [time, `thaibulksms callback (${d.method}, unsigned)`, d.msisdn ?? '-', d.status ?? '-', fields || '(no fields)'].join('  ');
}

export function formatForward(d: EventSummary, o: ForwardOutcome, target: string): string {
  const what = `${d.event}${d.txId ? ` ${shortId(d.txId)}` : ''}`;
  const tries = o.attempts > 1 ? ` after ${o.attempts} attempts` : '';
  if (o.ok) return `  → forwarded ${what} to ${target}: ${o.status} in ${o.latencyMs} ms${tries}`;
  if (o.status !== undefined) return `  → forwarded ${what} to ${target}: the app answered ${o.status} (${o.latencyMs} ms)${tries}`;
  return `  → could not forward ${what} to ${target}${tries}: ${o.error ?? 'no answer'}`;
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}
