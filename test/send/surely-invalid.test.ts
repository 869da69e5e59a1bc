import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../src/core/phone.js';
import { surelyInvalid } from '../../src/send/plan.js';

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
