/**
 * The SEPSMS webhook signature (NOTES.md; the Stripe scheme):
 * `X-Webhook-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`, `v1 = hex(HMAC-SHA256(secret, "<t>.<raw body>"))`.
 * Several v1 values appear while a secret is rotated; any one matching is enough.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import { DEFAULT_TOLERANCE_SECONDS } from './names.js';

export { DEFAULT_TOLERANCE_SECONDS };

export type SignatureFailure = 'MALFORMED_SIGNATURE' | 'TIMESTAMP_MISMATCH' | 'NO_MATCHING_SIGNATURE' | 'STALE_TIMESTAMP' | 'FUTURE_TIMESTAMP';

export type Verdict =
  | { ok: true; timestamp: number; ageSeconds: number; matched: number; of: number }
  | { ok: false; code: SignatureFailure; reason: string; status: 400 | 401 };

export interface VerifyInput {
  /** The X-Webhook-Signature header value. */
  header: string | undefined;
  /** The raw body, byte for byte as received: re-serialised JSON would not verify. */
  body: Buffer | string;
  secret: string;
  /** The X-Webhook-Timestamp header value, when there is one. */
  timestampHeader?: string;
  toleranceSeconds?: number;
  nowSeconds: number;
}

export function sign(secret: string, timestamp: number, body: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

export function signatureHeader(timestamp: number, ...v1: string[]): string {
  return [`t=${timestamp}`, ...v1.map((v) => `v1=${v}`)].join(',');
}

interface ParsedHeader {
  t: number;
  v1: string[];
}

const HEX = /^[0-9a-f]+$/i;

/** Unknown schemes (v0, a future v2) are skipped, as Stripe receivers do; a bad t or v1 is not. */
export function parseSignatureHeader(header: string): ParsedHeader | string {
  let t: number | undefined;
  const v1: string[] = [];
  for (const raw of header.split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const eq = item.indexOf('=');
    if (eq <= 0) return `"${short(item)}" is not key=value`;
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (key === 't') {
      if (t !== undefined) return 'more than one t=';
      if (!/^\d{1,12}$/.test(value)) return `t="${short(value)}" is not a unix time in seconds`;
      t = Number(value);
    } else if (key === 'v1') {
      if (!HEX.test(value) || value.length % 2) return `v1="${short(value)}" is not hex`;
      v1.push(value.toLowerCase());
    }
  }
  if (t === undefined) return 'no t= in it';
  if (v1.length === 0) return 'no v1= in it';
  return { t, v1 };
}

export function verifySignature(input: VerifyInput): Verdict {
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (input.header === undefined || input.header.trim() === '') {
    return { ok: false, code: 'MALFORMED_SIGNATURE', reason: 'no X-Webhook-Signature header', status: 400 };
  }
  const parsed = parseSignatureHeader(input.header);
  if (typeof parsed === 'string') return { ok: false, code: 'MALFORMED_SIGNATURE', reason: `malformed X-Webhook-Signature: ${parsed}`, status: 400 };
  if (input.timestampHeader !== undefined && input.timestampHeader.trim() !== String(parsed.t)) {
    return {
      ok: false,
      code: 'TIMESTAMP_MISMATCH',
      reason: `X-Webhook-Timestamp ${short(input.timestampHeader.trim())} is not the signature's t=${parsed.t}`,
      status: 400,
    };
  }
  const expected = Buffer.from(sign(input.secret, parsed.t, input.body), 'hex');
  let matched = 0;
  // Every value is compared, even after a match, so the time taken says nothing about which one matched.
  parsed.v1.forEach((v, i) => {
    const given = Buffer.from(v, 'hex');
    if (given.length === expected.length && timingSafeEqual(given, expected) && !matched) matched = i + 1;
  });
  if (!matched) {
    return {
      ok: false,
      code: 'NO_MATCHING_SIGNATURE',
      reason: `no v1 matches (${parsed.v1.length === 1 ? 'the one given' : `none of ${parsed.v1.length}`}): a different secret, or a body changed on the way`,
      status: 401,
    };
  }
  const age = input.nowSeconds - parsed.t;
  if (age > tolerance) {
    return { ok: false, code: 'STALE_TIMESTAMP', reason: `stale: signed ${age} s ago, more than the tolerance of ${tolerance} s (a replay, or a clock that is off)`, status: 401 };
  }
  if (-age > tolerance) {
    return { ok: false, code: 'FUTURE_TIMESTAMP', reason: `signed ${-age} s in the future, more than the tolerance of ${tolerance} s (a clock that is off)`, status: 401 };
  }
  return { ok: true, timestamp: parsed.t, ageSeconds: age, matched, of: parsed.v1.length };
}

/** Bad input is quoted only as a short prefix: a header can be anything a sender chose. */
function short(s: string): string {
  return s.length > 24 ? `${s.slice(0, 24)}…` : s;
}
