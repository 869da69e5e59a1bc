import { describe, expect, test } from 'vitest';
import { looseNumber, parseNumber } from '../../src/sandbox/numbers.js';

// The sandbox's own judgement of a recipient, from libphonenumber's Thai mobile ranges.
describe('sandbox recipient check', () => {
  test.each([
    ['0812345678', false, 812345678],
    ['66812345678', false, 812345678],
    ['+66812345678', true, 812345678],
    ['0912345678', false, 912345678],
    ['0612345678', false, 612345678],
    ['0671000000', false, 671000000],
    ['0672700180', false, 672700180],
    ['66672577996', false, 672577996],
    ['0673100000', false, 673100000],
    ['0673699999', false, 673699999],
    ['0141234567', false, 141234567],
  ])('%s (plus allowed: %s) is mobile %i', (raw, plus, nsn) => expect(parseNumber(raw, plus)).toBe(nsn));

  test.each([
    ['0671900000', /not a Thai mobile range \(067…\)/],
    ['0672300000', /not a Thai mobile range/],
    ['0673700000', /not a Thai mobile range/],
    ['0601234567', /not a Thai mobile range \(060…\)/],
    ['0681234567', /not a Thai mobile range/],
    ['0212345678', /landline/],
    ['0712345678', /landline/],
    ['+66812345678', /expected 0XXXXXXXXX or 66XXXXXXXXX/],
    ['081234567', /expected/],
    ['08123456x8', /other than digits/],
  ])('%s is refused: %s', (raw, reason) => expect(parseNumber(raw, false)).toMatch(reason));

  test.each([
    ['081-234-5678', 812345678],
    ['812345678', 812345678],
    ['+66 81 234 5678', 812345678],
    ['02-123-4567', 'expected 0XXXXXXXXX, 66XXXXXXXXX or +66XXXXXXXXX'],
  ])('inbox filter %s → %s', (raw, want) => expect(looseNumber(raw)).toBe(want));
});
