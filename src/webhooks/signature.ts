/**
 * The SEPSMS webhook signature (NOTES.md; the Stripe scheme):
 * `X-Webhook-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`, `v1 = hex(HMAC-SHA256(secret, "<t>.<raw body>"))`.
 * Several v1 values appear while a secret is rotated; any one matching is enough.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import { t } from '../i18n/index.js';
import { DEFAULT_TOLERANCE_SECONDS } from './names.js';
import { told, type Words } from './told.js';

export { DEFAULT_TOLERANCE_SECONDS };

export type SignatureFailure = 'MALFORMED_SIGNATURE' | 'TIMESTAMP_MISMATCH' | 'NO_MATCHING_SIGNATURE' | 'STALE_TIMESTAMP' | 'FUTURE_TIMESTAMP';

export type Verdict =
  | { ok: true; timestamp: number; ageSeconds: number; matched: number; of: number }
  /** `reason` in English (the listener's HTTP answer), `message` in the user's language. */
  | { ok: false; code: SignatureFailure; reason: string; message: string; status: 400 | 401 };

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
  const parsed = parseHeader(header);
  return typeof parsed === 'function' ? parsed(t) : parsed;
}

function parseHeader(header: string): ParsedHeader | Words {
  let stamp: number | undefined;
  const v1: string[] = [];
  for (const raw of header.split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const eq = item.indexOf('=');
    if (eq <= 0) return (say) => say('webhook.sig.not_key_value', { item: short(item) });
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (key === 't') {
      if (stamp !== undefined) return (say) => say('webhook.sig.two_t');
      if (!/^\d{1,12}$/.test(value)) return (say) => say('webhook.sig.bad_t', { value: short(value) });
      stamp = Number(value);
    } else if (key === 'v1') {
      if (!HEX.test(value) || value.length % 2) return (say) => say('webhook.sig.bad_v1', { value: short(value) });
      v1.push(value.toLowerCase());
    }
  }
  if (stamp === undefined) return (say) => say('webhook.sig.no_t');
  if (v1.length === 0) return (say) => say('webhook.sig.no_v1');
  return { t: stamp, v1 };
}

function failure(code: SignatureFailure, status: 400 | 401, words: Words): Verdict {
  return { ok: false, code, status, ...told(words) };
}

export function verifySignature(input: VerifyInput): Verdict {
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (input.header === undefined || input.header.trim() === '') {
    return failure('MALFORMED_SIGNATURE', 400, (say) => say('webhook.sig.missing'));
  }
  const parsed = parseHeader(input.header);
  if (typeof parsed === 'function') return failure('MALFORMED_SIGNATURE', 400, (say) => say('webhook.sig.malformed', { why: parsed(say) }));
  if (input.timestampHeader !== undefined && input.timestampHeader.trim() !== String(parsed.t)) {
    const value = short(input.timestampHeader.trim());
    return failure('TIMESTAMP_MISMATCH', 400, (say) => say('webhook.sig.timestamp_mismatch', { value, t: parsed.t }));
  }
  const expected = Buffer.from(sign(input.secret, parsed.t, input.body), 'hex');
  let matched = 0;
  // Every value is compared, even after a match, so the time taken says nothing about which one matched.
  parsed.v1.forEach((v, i) => {
    const given = Buffer.from(v, 'hex');
    if (given.length === expected.length && timingSafeEqual(given, expected) && !matched) matched = i + 1;
  });
  if (!matched) {
    const n = parsed.v1.length;
    return failure('NO_MATCHING_SIGNATURE', 401, (say) => (n === 1 ? say('webhook.sig.no_match_one') : say('webhook.sig.no_match_many', { n })));
  }
  const age = input.nowSeconds - parsed.t;
  if (age > tolerance) return failure('STALE_TIMESTAMP', 401, (say) => say('webhook.sig.stale', { age, tolerance }));
  if (-age > tolerance) return failure('FUTURE_TIMESTAMP', 401, (say) => say('webhook.sig.future', { age: -age, tolerance }));
  return { ok: true, timestamp: parsed.t, ageSeconds: age, matched, of: parsed.v1.length };
}

/** Bad input is quoted only as a short prefix: a header can be anything a sender chose. */
function short(s: string): string {
  return s.length > 24 ? `${s.slice(0, 24)}…` : s;
}
