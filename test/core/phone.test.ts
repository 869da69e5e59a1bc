import { describe, expect, it } from 'vitest';
import { normalizePhone, toNational } from '../../src/core/phone.js';

describe('normalizePhone: accepted', () => {
  it.each([
    ['0812345678', '66812345678'],
    ['081 234 5678', '66812345678'],
    ['081-234-5678', '66812345678'],
    ['081.234.5678', '66812345678'],
    ['(081) 234-5678', '66812345678'],
    ['  0812345678  ', '66812345678'],
    ['0812345678\u00a0', '66812345678'],
    ['+66812345678', '66812345678'],
    ['+66 81 234 5678', '66812345678'],
    ['+66-81-234-5678', '66812345678'],
    ['66812345678', '66812345678'],
    ['0066812345678', '66812345678'],
    ['0066 81 234 5678', '66812345678'],
    ['+66 0812345678', '66812345678'],
    ['0912345678', '66912345678'],
    ['0612345678', '66612345678'],
    ['0662345678', '66662345678'],
    ['0671012345', '66671012345'],
    ['0671812345', '66671812345'],
    ['0800000001', '66800000001'],
  ])('%s → %s', (input, msisdn) => {
    expect(normalizePhone(input)).toEqual({ ok: true, msisdn, droppedZero: false });
  });
});

describe('normalizePhone: 9 digits with the leading 0 dropped by a spreadsheet', () => {
  it.each([
    ['812345678', '66812345678'],
    ['912345678', '66912345678'],
    ['612345678', '66612345678'],
    ['81 234 5678', '66812345678'],
  ])('%s → %s flagged', (input, msisdn) => {
    expect(normalizePhone(input)).toEqual({ ok: true, msisdn, droppedZero: true });
  });
});

describe('normalizePhone: rejected', () => {
  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['6.68123E+10', /scientific notation.*spreadsheet/],
    ['6.68123e+10', /scientific notation.*spreadsheet/],
    ['6,68123E+10', /scientific notation/],
    ['021234567', /landline/],
    ['02-123-4567', /landline/],
    ['+66 2 123 4567', /landline/],
    ['032123456', /landline/],
    ['053123456', /landline/],
    ['074123456', /landline/],
    ['0601234567', /VoIP number \(060…\)/],
    ['0679123456', /not a Thai mobile range \(067/],
    ['0672123456', /not a Thai mobile range \(067/],
    ['0681234567', /VoIP number \(068…\)/],
    ['0691234567', /not a Thai mobile range \(069/],
    ['0712345678', /landline/],
    ['0812', /too short/],
    ['081234567', /too short.*9 digits/],
    ['08123456', /too short/],
    ['08123456789', /not a Thai mobile number \(11 digits\)/],
    ['0812345678901', /not a Thai mobile number \(13 digits\)/],
    ['08l2345678', /characters other than digits/],
    ['n/a', /characters other than digits/],
    ['081234567x', /characters other than digits/],
  ])('%j: %s', (input, reason) => {
    const r = normalizePhone(input);
    expect(r.ok).toBe(false);
    // A reason is a catalogue key that prints itself (core/reason.ts): its English text, here.
    if (!r.ok) expect(String(r.reason)).toMatch(reason);
  });
});

describe('toNational', () => {
  it.each([
    ['66812345678', '0812345678'],
    ['66612345678', '0612345678'],
  ])('%s → %s', (msisdn, national) => expect(toNational(msisdn)).toBe(national));
});
