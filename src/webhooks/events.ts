/**
 * The SEPSMS event payloads this project assumes (README "Delivery reports"): SEPSMS
 * publishes the event names, the headers and one example body (dr.success); the rest is
 * written down here once, so `webhook trigger` sends what `webhook listen` reads.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { normalizePhone } from '../core/phone.js';
import { formatBangkok } from '../core/schedule.js';
import { EVENTS, type WebhookEvent } from './names.js';

export { EVENTS, type WebhookEvent };

/** Every body: `event`, `createdAt`, `txId`; then the event's own fields. */
export type EventBody = { event: string; createdAt: string; txId: string } & Record<string, unknown>;

export interface SampleOptions {
  now: Date;
  /** Deterministic ids in tests. */
  txId?: string;
  smsUuid?: string;
}

/** A realistic body of `event`, as the sandbox would send it. */
export function sampleEvent(event: WebhookEvent, opts: SampleOptions): EventBody {
  const base = { event, createdAt: formatBangkok(opts.now), txId: opts.txId ?? randomBytes(8).toString('hex') };
  const smsUuid = opts.smsUuid ?? randomUUID();
  const refNo = `SP${formatBangkok(opts.now).slice(2, 10).replace(/-/g, '')}${randomBytes(3).toString('hex').toUpperCase()}`;
  switch (event) {
    case 'sms.sent':
      return { ...base, smsUuid, refNo, status: 'sent', totalMsisdn: 2, totalCredit: 2 };
    case 'sms.failed':
      // i18n-ignore: the provider's own text inside a sample payload, sent to the user's receiver
      return { ...base, smsUuid, refNo, status: 'failed', reason: 'Sender name is not approved' };
    case 'sms.completed':
      return { ...base, smsUuid, refNo, status: 'completed', totalMsisdn: 2, drSummary: [{ status: 'success', count: 1 }, { status: 'failed', count: 1 }] };
    case 'dr.success':
      return { ...base, smsUuid, msisdn: '66812345678', status: 'success' };
    case 'dr.failed':
      return { ...base, smsUuid, msisdn: '66800000001', status: 'failed' };
    case 'otp.verified':
      return { ...base, reference: `otp_${randomBytes(6).toString('hex')}`, msisdn: '66812345678', status: 'verified' };
    case 'credit.low':
      return { ...base, balance: 87, threshold: 100, status: 'low' };
    case 'order.completed':
      return { ...base, orderId: `ORD-${randomBytes(4).toString('hex').toUpperCase()}`, credit: 10_000, balance: 10_087, status: 'completed' };
  }
}

/** What a listener line shows of a delivery, whatever shape it came in. */
export interface EventSummary {
  event: string;
  time: string;
  smsUuid: string | null;
  msisdn: string | null;
  status: string | null;
  txId: string | null;
}

/** Reads a received SEPSMS body tolerantly: the header's event and time first, the body's when absent. */
export function summarizeEvent(body: Record<string, unknown>, headers: { event?: string; timestamp?: number }, receivedAt: Date): EventSummary {
  const created = str(body.createdAt) ?? str(body.time);
  const time = created && !Number.isNaN(Date.parse(created)) ? new Date(created) : headers.timestamp !== undefined ? new Date(headers.timestamp * 1000) : receivedAt;
  return {
    event: headers.event ?? str(body.event) ?? 'unknown',
    time: time.toISOString(),
    smsUuid: str(body.smsUuid) ?? str(body.uuid) ?? null,
    msisdn: number(str(body.msisdn)),
    status: str(body.status) ?? null,
    txId: str(body.txId) ?? null,
  };
}

/** A ThaiBulkSMS callback's fields (unpublished): the names public clients and the sandbox use. */
export function summarizeCallback(fields: Record<string, unknown>, receivedAt: Date): EventSummary {
  const at = str(fields.timestamp) ?? str(fields.sent_at) ?? str(fields.delivered_at);
  return {
    event: 'callback',
    time: (at && !Number.isNaN(Date.parse(at)) ? new Date(at) : receivedAt).toISOString(),
    smsUuid: null,
    msisdn: number(str(fields.msisdn) ?? str(fields.phone_number) ?? str(fields.number)),
    status: str(fields.status) ?? null,
    txId: str(fields.message_id) ?? str(fields.transaction_id) ?? null,
  };
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** Numbers print as 66XXXXXXXXX; one that is not a Thai mobile is shown as it came. */
function number(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const phone = normalizePhone(raw);
  return phone.ok ? phone.msisdn : raw;
}
