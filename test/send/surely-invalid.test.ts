import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../src/core/phone.js';
import { isMobileNsn } from '../../src/core/phone.js';
import { surelyInvalid } from '../../src/send/plan.js';
import { NEVER_MOBILE, plainNsnOf, plainNsnOfBytes } from '../../src/send/recipients.js';

// The shortcut a dry run takes past its listed invalid rows may only ever skip values
// normalizePhone itself refuses.
const pieces = ['0', '6', '8', '9', '1', '2', '5', '66', '0812345678', '+', '00', ' ', '-', '.', '(', ')', '[', ']', '\u00a0', '\u200b', '\u3000', '\t', 'e', 'E', 'x', 'ก', ',', '/', '#'];

describe('surelyInvalid', () => {
  it('never calls a number invalid that normalizePhone accepts', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 16 }), (parts) => {
        const raw = parts.join('');
        if (surelyInvalid(raw)) expect(normalizePhone(raw).ok).toBe(false);
      }),
      { numRuns: 20_000 },
    );
  });

  // The other shortcut: a plain 0XXXXXXXXX / 66XXXXXXXXX whose national number is no mobile.
  it('never skips a plain 0…/66… number outside the mobile ranges that normalizePhone accepts', () => {
    const digits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }).map((d) => d.join(''));
    fc.assert(
      fc.property(fc.constantFrom('0', '66', '00', '660'), digits, (prefix, nsn) => {
        // Cut to 10 and 11 characters too: "0081234567", "66081234567".
        for (const raw of new Set([prefix + nsn, (prefix + nsn).slice(0, 10), (prefix + nsn).slice(0, 11)])) {
          const n = plainNsnOf(raw);
          if (n >= 0 && !isMobileNsn(n)) expect(normalizePhone(raw).ok, raw).toBe(false);
        }
      }),
      { numRuns: 50_000 },
    );
  });

  it('never calls digits NEVER_MOBILE that normalizePhone accepts; bytes and strings agree', () => {
    const prefix = fc.constantFrom('', '0', '00', '66', '660', '0066', '00660', '6', '8', '14', '02', '07');
    const digits = fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 14 }).map((d) => d.join(''));
    fc.assert(
      fc.property(prefix, digits, fc.constantFrom('', 'x', ' '), (p, d, tail) => {
        const raw = p + d + tail;
        const n = plainNsnOf(raw);
        expect(plainNsnOfBytes(Buffer.from(raw), 0, Buffer.byteLength(raw)), raw).toBe(n);
        if (n === NEVER_MOBILE) expect(normalizePhone(raw).ok, raw).toBe(false);
        if (n >= 0) expect(normalizePhone(raw), raw).toMatchObject(isMobileNsn(n) ? { ok: true, msisdn: `66${n}` } : { ok: false });
      }),
      { numRuns: 50_000 },
    );
  });

  it.each([
    ['', true],
    ['abc', true],
    ['0812', true],
    ['6.6812E+10', true],
    ['0812345678x', true],
    ['081 234 5678', false],
    ['+66 81-234-5678', false],
    ['0812345678', false],
    ['0212345678', false],
  ])('%j → %s', (raw, want) => expect(surelyInvalid(raw)).toBe(want));
});
