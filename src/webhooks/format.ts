/** The terminal lines of `webhook listen` (its --json lines are the deliveries as they are). */
import { t } from '../i18n/index.js';
import { formatTime } from '../i18n/dates.js';
import type { EventSummary } from './events.js';
import type { ForwardOutcome } from './forward.js';
import type { ReceivedDelivery } from './listener.js';

/** Ids are long hex or uuids: enough of one to tell deliveries apart. */
export function shortId(id: string | null): string {
  if (!id) return '-';
  return id.length > 12 ? `${id.slice(0, 12)}…` : id;
}

export function formatDelivery(d: ReceivedDelivery): string {
  const time = formatTime(new Date(d.time));
  if (d.source === 'sepsms') {
    // "sms", "tx": the smsUuid and txId fields, named as the payload names them.
    const cells = [time, d.event.padEnd(15), d.msisdn ?? '-', d.status ?? '-', `sms ${shortId(d.smsUuid)}`, `tx ${shortId(d.txId)}`, t('webhook.line.verified')];
    return cells.join('  ');
  }
  const fields = Object.entries(d.data as Record<string, unknown>)
    .map(([k, v]) => `${k}=${clip(typeof v === 'string' ? v : JSON.stringify(v))}`)
    .join(' ');
  return [time, t('webhook.line.callback', { method: d.method }), d.msisdn ?? '-', d.status ?? '-', fields || t('webhook.line.no_fields')].join('  ');
}

export function formatForward(d: EventSummary, o: ForwardOutcome, target: string): string {
  const what = `${d.event}${d.txId ? ` ${shortId(d.txId)}` : ''}`;
  const tries = o.attempts > 1 ? t('webhook.forward.tries', { n: o.attempts }) : '';
  const params = { what, target, ms: o.latencyMs, tries };
  if (o.ok) return `  → ${t('webhook.forward.ok', { ...params, status: o.status! })}`;
  if (o.status !== undefined) return `  → ${t('webhook.forward.answered', { ...params, status: o.status })}`;
  return `  → ${t('webhook.forward.failed', { ...params, error: o.error ?? t('webhook.forward.no_answer') })}`;
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}
