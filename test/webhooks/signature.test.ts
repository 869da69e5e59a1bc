/**
 * The verifier against signatures made here with an independent HMAC (node:crypto directly),
 * so a bug shared by sign() and verifySignature() cannot pass.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSignatureHeader, verifySignature } from '../../src/webhooks/signature.js';

const SECRET = 'whsec_test_0123456789';
const BODY = '{"event":"dr.success","txId":"8f3a1c9d","smsUuid":"9f8b2c1e","msisdn":"66812345678","status":"success"}';
const NOW = 1_737_020_405;
const hmac = (secret: string, t: number, body: string) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
const good = hmac(SECRET, NOW, BODY);

type Row = [what: string, input: { header: string | undefined; body?: string; secret?: string; timestampHeader?: string; now?: number; tolerance?: number }, expected: string];

const rows: Row[] = [
  ['valid', { header: `t=${NOW},v1=${good}` }, 'ok'],
  ['valid, upper-case hex and spaces', { header: ` t=${NOW} , v1=${good.toUpperCase()} ` }, 'ok'],
  ['valid with X-Webhook-Timestamp equal to t', { header: `t=${NOW},v1=${good}`, timestampHeader: String(NOW) }, 'ok'],
  ['tampered body', { header: `t=${NOW},v1=${good}`, body: BODY.replace('success', 'failed') }, 'NO_MATCHING_SIGNATURE'],
  ['one byte added to the body', { header: `t=${NOW},v1=${good}`, body: `${BODY} ` }, 'NO_MATCHING_SIGNATURE'],
  ['wrong secret', { header: `t=${NOW},v1=${good}`, secret: 'whsec_other' }, 'NO_MATCHING_SIGNATURE'],
  ['t changed (the HMAC covers it)', { header: `t=${NOW + 1},v1=${good}`, now: NOW }, 'NO_MATCHING_SIGNATURE'],
  ['a v1 of the wrong length', { header: `t=${NOW},v1=${good.slice(0, 32)}` }, 'NO_MATCHING_SIGNATURE'],
  ['rotation: the old secret first, the new one second', { header: `t=${NOW},v1=${hmac('whsec_old', NOW, BODY)},v1=${good}` }, 'ok'],
  ['rotation: the new secret first', { header: `t=${NOW},v1=${good},v1=${hmac('whsec_old', NOW, BODY)}` }, 'ok'],
  ['several v1, none matching', { header: `t=${NOW},v1=${hmac('a', NOW, BODY)},v1=${hmac('b', NOW, BODY)}` }, 'NO_MATCHING_SIGNATURE'],
  ['an unknown scheme beside v1 is ignored', { header: `t=${NOW},v0=abc,v1=${good}` }, 'ok'],
  ['stale: older than the tolerance', { header: `t=${NOW},v1=${good}`, now: NOW + 301 }, 'STALE_TIMESTAMP'],
  ['just within the tolerance', { header: `t=${NOW},v1=${good}`, now: NOW + 300 }, 'ok'],
  ['future: ahead by more than the tolerance', { header: `t=${NOW},v1=${good}`, now: NOW - 301 }, 'FUTURE_TIMESTAMP'],
  ['a wider tolerance accepts an old one', { header: `t=${NOW},v1=${good}`, now: NOW + 3600, tolerance: 7200 }, 'ok'],
  ['stale and wrong secret: the signature is reported first', { header: `t=${NOW},v1=${good}`, now: NOW + 9999, secret: 'x' }, 'NO_MATCHING_SIGNATURE'],
  ['X-Webhook-Timestamp is not t', { header: `t=${NOW},v1=${good}`, timestampHeader: String(NOW + 5) }, 'TIMESTAMP_MISMATCH'],
  ['no header', { header: undefined }, 'MALFORMED_SIGNATURE'],
  ['empty header', { header: '' }, 'MALFORMED_SIGNATURE'],
  ['no t', { header: `v1=${good}` }, 'MALFORMED_SIGNATURE'],
  ['no v1', { header: `t=${NOW}` }, 'MALFORMED_SIGNATURE'],
  ['t not a number', { header: `t=yesterday,v1=${good}` }, 'MALFORMED_SIGNATURE'],
  ['t in milliseconds-like garbage', { header: `t=${NOW}.5,v1=${good}` }, 'MALFORMED_SIGNATURE'],
  ['two t', { header: `t=${NOW},t=${NOW},v1=${good}` }, 'MALFORMED_SIGNATURE'],
  ['v1 not hex', { header: `t=${NOW},v1=zz${good.slice(2)}` }, 'MALFORMED_SIGNATURE'],
  ['not key=value', { header: `sha256=${good}, garbage` }, 'MALFORMED_SIGNATURE'],
  ['the bare hex (another scheme)', { header: good }, 'MALFORMED_SIGNATURE'],
];

describe('verifySignature', () => {
  it.each(rows)('%s', (_what, input, expected) => {
    const verdict = verifySignature({
      header: input.header,
      body: Buffer.from(input.body ?? BODY),
      secret: input.secret ?? SECRET,
      timestampHeader: input.timestampHeader,
      toleranceSeconds: input.tolerance,
      nowSeconds: input.now ?? NOW,
    });
    expect(verdict.ok ? 'ok' : verdict.code).toBe(expected);
    if (!verdict.ok) {
      expect(verdict.status).toBe(verdict.code === 'MALFORMED_SIGNATURE' || verdict.code === 'TIMESTAMP_MISMATCH' ? 400 : 401);
      // Reasons never quote the secret, and quote sender input only as a short prefix.
      expect(verdict.reason).not.toContain(SECRET);
      expect(verdict.reason).not.toContain(good);
    }
  });

  it('says which v1 matched and how old the signature is', () => {
    const v = verifySignature({ header: `t=${NOW},v1=${'ab'.repeat(32)},v1=${good}`, body: BODY, secret: SECRET, nowSeconds: NOW + 12 });
    expect(v).toEqual({ ok: true, timestamp: NOW, ageSeconds: 12, matched: 2, of: 2 });
  });

  it('parses the header tolerantly but not loosely', () => {
    expect(parseSignatureHeader(`t=${NOW},v1=AB,v1=cd`)).toEqual({ t: NOW, v1: ['ab', 'cd'] });
    expect(parseSignatureHeader('t=1,v1=abc')).toMatch(/not hex/);
  });
});
