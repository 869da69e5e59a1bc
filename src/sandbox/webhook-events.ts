/**
 * The payloads the sandbox sends, in the shapes this project assumes for SEPSMS (the provider
 * publishes the event names, the headers and one example body; README "Delivery reports"
 * writes the rest down): one flat JSON object, `event`, `createdAt` (when it happened), `txId`,
 * then the event's own fields. Signed as NOTES.md describes:
 *   X-Webhook-Signature: t=<unix>,v1=hex(HMAC-SHA256(secret, "<t>.<raw body>"))
 * Written here from that description, not shared with the client's code, so each checks the other.
 * ThaiBulkSMS callbacks carry per-recipient fields (assumed as well; README.md in this folder).
 */
import { createHash, createHmac } from 'node:crypto';
import { STATUS_NAMES, SUCCESS } from './delivery.js';
import { msisdnOf } from './numbers.js';
import type { StoredMessage, StoredOtp } from './state.js';
import type { WebhookEvent } from './webhook-types.js';

export type EventPayload = { event: WebhookEvent; createdAt: string; txId: string } & Record<string, unknown>;

/** Deterministic per event (and the same on retries): a hash of what the event is about. */
export const txIdOf = (key: string): string => createHash('sha256').update(key).digest('hex').slice(0, 24);

const iso = (ms: number): string => new Date(ms).toISOString();

const head = (event: WebhookEvent, key: string, at: number) => ({ event, createdAt: iso(at), txId: txIdOf(key) });

export function smsSentEvent(m: StoredMessage, at: number): EventPayload {
  return { ...head('sms.sent', `${m.provider}:${m.uuid}:sms.sent`, at), smsUuid: m.uuid, refNo: m.refNo, status: 'sent', totalMsisdn: m.nsn.length, totalCredit: m.totalCredit };
}

/** Final per-status counts, in delivery.ts's stable order. */
function drSummary(m: StoredMessage): { status: string; count: number }[] {
  return STATUS_NAMES.flatMap((status, code) => (code > 0 && code < STATUS_NAMES.length - 1 && (m.counts[code] ?? 0) > 0 ? [{ status, count: m.counts[code] ?? 0 }] : []));
}

export function smsCompletedEvent(m: StoredMessage, at: number): EventPayload {
  return { ...head('sms.completed', `${m.provider}:${m.uuid}:sms.completed`, at), smsUuid: m.uuid, refNo: m.refNo, status: 'completed', totalMsisdn: m.nsn.length, drSummary: drSummary(m) };
}

/** Sent with sms.completed when no recipient got the message. */
export function smsFailedEvent(m: StoredMessage, at: number): EventPayload {
  return { ...head('sms.failed', `${m.provider}:${m.uuid}:sms.failed`, at), smsUuid: m.uuid, refNo: m.refNo, status: 'failed', reason: 'No recipient received the message' };
}

export function recipientEvent(m: StoredMessage, index: number, at: number): EventPayload {
  const final = m.finals[index] ?? SUCCESS;
  const event = final === SUCCESS ? 'dr.success' : 'dr.failed';
  return { ...head(event, `${m.provider}:${m.uuid}:${event}:${index}`, at), smsUuid: m.uuid, msisdn: msisdnOf(m.nsn[index] ?? 0), status: STATUS_NAMES[final] ?? 'success' };
}

export function otpVerifiedEvent(o: StoredOtp, at: number): EventPayload {
  return { ...head('otp.verified', `otp:${o.id}:verified`, at), reference: o.ref, msisdn: msisdnOf(o.nsn), status: 'verified' };
}

export function creditLowEvent(balance: number, threshold: number, at: number, seq: number): EventPayload {
  return { ...head('credit.low', `credit.low:${at}:${seq}`, at), balance, threshold, status: 'low' };
}

/** The ThaiBulkSMS callback fields for one recipient (form body for POST/PUT, query for GET). */
export function callbackFields(m: StoredMessage, index: number, at: number): URLSearchParams {
  const ids = (m.meta.message_ids ?? '').split(',');
  const fields = new URLSearchParams({
    message_id: ids[index] ?? '',
    msisdn: msisdnOf(m.nsn[index] ?? 0),
    status: STATUS_NAMES[m.finals[index] ?? SUCCESS] ?? 'success',
    timestamp: iso(at),
  });
  if (m.meta.tag) fields.set('tag', m.meta.tag);
  return fields;
}

export function signatureHeaders(event: string, body: string, secret: string, unixSeconds: number): Record<string, string> {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return {
    'X-Webhook-Event': event,
    'X-Webhook-Timestamp': String(unixSeconds),
    'X-Webhook-Signature': `t=${unixSeconds},v1=${v1}`,
  };
}
