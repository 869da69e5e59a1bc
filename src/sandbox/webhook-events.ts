/**
 * The payloads the sandbox sends, in the shape this project assumes for SEPSMS (the provider
 * publishes the event names and headers, not the bodies; README "Delivery reports"):
 *   {"event","txId","createdAt","data":{…}}
 * signed as NOTES.md describes: X-Webhook-Signature `t=<unix>,v1=hex(HMAC-SHA256(secret, "<t>.<raw body>"))`.
 * Written here from that description, not shared with the client's verifier, so each checks the other.
 * ThaiBulkSMS callbacks carry per-recipient fields (assumed; see README.md in this folder).
 */
import { createHash, createHmac } from 'node:crypto';
import { statusCounts, STATUS_NAMES, SUCCESS } from './delivery.js';
import { msisdnOf } from './numbers.js';
import type { StoredMessage, StoredOtp } from './state.js';
import type { WebhookEvent } from './webhook-types.js';

export interface EventPayload {
  event: WebhookEvent;
  txId: string;
  createdAt: string;
  data: Record<string, unknown>;
}

/** Deterministic per event (and the same on retries): a hash of what the event is about. */
export const txIdOf = (key: string): string => createHash('sha256').update(key).digest('hex').slice(0, 24);

const iso = (ms: number): string => new Date(ms).toISOString();

export function messageEvent(event: 'sms.sent' | 'sms.completed' | 'sms.failed', m: StoredMessage, at: number): EventPayload {
  return {
    event,
    txId: txIdOf(`${m.provider}:${m.uuid}:${event}`),
    createdAt: iso(at),
    data: {
      smsUuid: m.uuid,
      refNo: m.refNo,
      totalMsisdn: m.nsn.length,
      summary: statusCounts(m, at).map(({ status, count }) => ({ status, count })),
    },
  };
}

export function recipientEvent(m: StoredMessage, index: number, at: number): EventPayload {
  const final = m.finals[index] ?? SUCCESS;
  const event = final === SUCCESS ? 'dr.success' : 'dr.failed';
  return {
    event,
    txId: txIdOf(`${m.provider}:${m.uuid}:${event}:${index}`),
    createdAt: iso(at),
    data: { smsUuid: m.uuid, refNo: m.refNo, msisdn: msisdnOf(m.nsn[index] ?? 0), status: STATUS_NAMES[final] ?? 'success', sender: m.sender },
  };
}

export function otpVerifiedEvent(o: StoredOtp, at: number): EventPayload {
  return { event: 'otp.verified', txId: txIdOf(`otp:${o.id}:verified`), createdAt: iso(at), data: { reference: o.ref, msisdn: msisdnOf(o.nsn) } };
}

export function creditLowEvent(balance: number, threshold: number, at: number, seq: number): EventPayload {
  return { event: 'credit.low', txId: txIdOf(`credit.low:${at}:${seq}`), createdAt: iso(at), data: { balance, threshold } };
}

/** The ThaiBulkSMS callback fields for one recipient (form body for POST/PUT, query for GET). */
export function callbackFields(m: StoredMessage, index: number, at: number): URLSearchParams {
  const ids = (m.meta.message_ids ?? '').split(',');
  const fields = new URLSearchParams({
    message_id: ids[index] ?? '',
    msisdn: msisdnOf(m.nsn[index] ?? 0),
    status: STATUS_NAMES[m.finals[index] ?? SUCCESS] ?? 'success',
    sender: m.sender,
    delivered_at: iso(at),
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
