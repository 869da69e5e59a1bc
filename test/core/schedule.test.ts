import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBangkok, parseDateTime, parseSchedule } from '../../src/core/schedule.js';
import { useLanguage } from '../../src/i18n/index.js';

const NOW = new Date('2026-11-22T01:00:00Z'); // 08:00 in Bangkok
const YEAR = 365 * 24 * 3_600_000;

describe('parseSchedule', () => {
  it.each([
    ['2026-12-01T10:00:00+07:00', '2026-12-01T03:00:00.000Z'],
    ['2026-12-01T10:00+07:00', '2026-12-01T03:00:00.000Z'],
    ['2026-12-01T10:00:00+0700', '2026-12-01T03:00:00.000Z'],
    ['2026-12-01T03:00Z', '2026-12-01T03:00:00.000Z'],
    ['2026-12-01T03:00:00.500Z', '2026-12-01T03:00:00.500Z'],
    ['2026-12-01t03:00z', '2026-12-01T03:00:00.000Z'],
    ['2026-12-01T05:30:00+05:30', '2026-12-01T00:00:00.000Z'],
    ['2026-12-01T00:00:00-05:00', '2026-12-01T05:00:00.000Z'],
    // No offset: Bangkok time, whatever the machine's time zone.
    ['2026-12-01 10:00', '2026-12-01T03:00:00.000Z'],
    ['2026-12-01T10:00', '2026-12-01T03:00:00.000Z'],
    ['2026-12-01T10:00:30', '2026-12-01T03:00:30.000Z'],
    ['  2026-12-01 10:00  ', '2026-12-01T03:00:00.000Z'],
    ['2026-12-01 00:30', '2026-11-30T17:30:00.000Z'],
    ['2028-02-29 12:00', '2028-02-29T05:00:00.000Z'],
  ])('%j → %s', (input, iso) => {
    expect(parseSchedule(input, NOW).toISOString()).toBe(iso);
  });

  it.each([
    'tomorrow',
    '',
    '2026-12-01',
    '10:00',
    '01/12/2026 10:00',
    '2026-13-01 10:00',
    '2026-11-31 10:00',
    '2027-02-29 10:00',
    '2026-12-01 24:00',
    '2026-12-01 10:60',
    '2026-12-01T10:00:00+25:00',
    '1764558000',
  ])('rejects %j, naming --schedule and giving an example', (input) => {
    expect(() => parseSchedule(input, NOW)).toThrow(
      expect.objectContaining({ kind: 'invalid', code: 'INVALID_SCHEDULE', message: expect.stringMatching(/^--schedule .*e\.g\. "2026-12-01 10:00"/) }),
    );
  });

  it.each([
    ['now', '2026-11-22 08:00'],
    ['a minute ago', '2026-11-22 07:59'],
    ['earlier today in Bangkok, still the future in UTC reading', '2026-11-22T07:30'],
  ])('rejects the past (%s)', (_label, input) => {
    expect(() => parseSchedule(input, NOW)).toThrow(
      expect.objectContaining({ kind: 'invalid', code: 'SCHEDULE_IN_PAST', message: expect.stringMatching(/in the past \(now 2026-11-22T08:00:00\+07:00\)/) }),
    );
  });

  it('accepts one minute from now', () => {
    expect(parseSchedule('2026-11-22 08:01', NOW).toISOString()).toBe('2026-11-22T01:01:00.000Z');
  });

  it('accepts exactly the limit and rejects beyond it, naming the provider and the limit', () => {
    const opts = { maxAheadMs: YEAR, providerName: 'ThaiBulkSMS' };
    expect(parseSchedule('2027-11-22T01:00:00Z', NOW, opts).toISOString()).toBe('2027-11-22T01:00:00.000Z');
    expect(() => parseSchedule('2027-11-22T01:00:01Z', NOW, opts)).toThrow(
      expect.objectContaining({
        code: 'SCHEDULE_TOO_FAR',
        message: expect.stringContaining('ThaiBulkSMS accepts schedules at most 1 year ahead'),
      }),
    );
  });

  it.each([
    [30 * 24 * 3_600_000, '30 days'],
    [72 * 3_600_000, '3 days'],
    [36 * 3_600_000, '36 hours'],
    [2 * YEAR, '2 years'],
  ])('describes a %i ms limit as %s', (maxAheadMs, text) => {
    expect(() => parseSchedule('2030-01-01 00:00', NOW, { maxAheadMs })).toThrow(`the provider accepts schedules at most ${text} ahead`);
  });
});

describe('formatBangkok', () => {
  it.each([
    ['2026-12-17T10:12:00Z', '2026-12-17T17:12:00+07:00'],
    ['2026-12-31T17:00:00Z', '2027-01-01T00:00:00+07:00'],
    ['2026-06-15T00:00:05.999Z', '2026-06-15T07:00:05+07:00'],
  ])('%s → %s', (iso, text) => expect(formatBangkok(new Date(iso))).toBe(text));

  it('round-trips through parseSchedule', () => {
    const d = new Date('2026-12-17T10:12:00Z');
    expect(parseSchedule(formatBangkok(d), NOW).getTime()).toBe(d.getTime());
  });
});

/**
 * Buddhist Era years (issue 16): a year of 2400 or more is read as BE (2569 = 2026), anything
 * lower as Gregorian, in either language and in every form --schedule takes.
 */
describe('Buddhist Era years', () => {
  it.each([
    ['2569-12-01 10:00', '2026-12-01 10:00'],
    ['2569-12-01T10:00', '2026-12-01T10:00'],
    ['2569-12-01T10:00:30', '2026-12-01T10:00:30'],
    ['2569-12-01T10:00:00+07:00', '2026-12-01T10:00:00+07:00'],
    ['2569-12-01T10:00:00+0700', '2026-12-01T10:00:00+0700'],
    ['2569-12-01T03:00Z', '2026-12-01T03:00Z'],
    ['2569-12-01T00:00:00-05:00', '2026-12-01T00:00:00-05:00'],
    ['2570-01-15 09:30', '2027-01-15 09:30'],
    // 29 February BE 2571 is 2028's, a leap day.
    ['2571-02-29 12:00', '2028-02-29 12:00'],
  ])('%j is %j', (be, ce) => {
    expect(parseSchedule(be, NOW).toISOString()).toBe(parseSchedule(ce, NOW).toISOString());
  });

  it('reads 2569-12-01 10:00 as 10:00 in Bangkok on 1 December 2026', () => {
    expect(parseSchedule('2569-12-01 10:00', NOW).toISOString()).toBe('2026-12-01T03:00:00.000Z');
    expect(formatBangkok(parseSchedule('2569-12-01 10:00', NOW))).toBe('2026-12-01T10:00:00+07:00');
  });

  it.each([
    // BE 2567 is 2024, a leap year; BE 2568 and 2570 are 2025 and 2027, which are not.
    ['2567-02-29 12:00', '2024-02-29T05:00:00.000Z'],
    ['2568-02-29 12:00', undefined],
    ['2570-02-29 12:00', undefined],
    ['2569-11-31 10:00', undefined],
    ['2569-12-01', '2026-11-30T17:00:00.000Z'],
    ['2569-12-01T10:00:00+07:00', '2026-12-01T03:00:00.000Z'],
    // 2399 is below the line: the Gregorian year 2399, as it is.
    ['2399-12-01 10:00', '2399-12-01T03:00:00.000Z'],
    ['2400-01-01 00:00', '1856-12-31T17:00:00.000Z'],
  ])('parseDateTime (messages --from/--to) reads %j as %s', (input, iso) => {
    expect(parseDateTime(input)?.toISOString()).toBe(iso);
  });

  it('a BE date alone with endOfDay is the last millisecond of that Bangkok day', () => {
    expect(parseDateTime('2569-12-01', { endOfDay: true })?.toISOString()).toBe('2026-12-01T16:59:59.999Z');
  });

  it.each(['2568-02-29 12:00', '2570-02-29 12:00', '2569-13-01 10:00'])('rejects %j as no date (its Gregorian year has no such day)', (input) => {
    expect(() => parseSchedule(input, NOW)).toThrow(expect.objectContaining({ code: 'INVALID_SCHEDULE' }));
  });

  it('2399 stays Gregorian: a time 373 years ahead, refused as too far by a provider with a limit', () => {
    expect(parseSchedule('2399-12-01 10:00', NOW).toISOString()).toBe('2399-12-01T03:00:00.000Z');
    expect(() => parseSchedule('2399-12-01 10:00', NOW, { maxAheadMs: YEAR, providerName: 'ThaiBulkSMS' })).toThrow(
      expect.objectContaining({ code: 'SCHEDULE_TOO_FAR', message: '--schedule 2399-12-01T10:00:00+07:00 is too far ahead: ThaiBulkSMS accepts schedules at most 1 year ahead' }),
    );
  });

  it('2400 is BE 2400 = 1857: in the past, and the error says how the year was read', () => {
    expect(() => parseSchedule('2400-12-01 10:00', NOW)).toThrow(
      expect.objectContaining({
        code: 'SCHEDULE_IN_PAST',
        message: '--schedule 1857-12-01T10:00:00+07:00 is in the past (now 2026-11-22T08:00:00+07:00); the year 2400 was read as Buddhist Era (1857 CE)',
      }),
    );
  });

  it('a BE year too far ahead names the year it was read as', () => {
    expect(() => parseSchedule('2571-01-01 10:00', NOW, { maxAheadMs: YEAR, providerName: 'ThaiBulkSMS' })).toThrow(
      expect.objectContaining({ code: 'SCHEDULE_TOO_FAR', message: expect.stringMatching(/^--schedule 2028-01-01T10:00:00\+07:00 is too far ahead: .*; the year 2571 was read as Buddhist Era \(2028 CE\)$/) }),
    );
  });
});

describe('schedule errors in Thai', () => {
  beforeAll(() => useLanguage('th'));
  afterAll(() => useLanguage('en'));

  it('shows times as a Thai reader does (formatTime): Buddhist Era, Thai month', () => {
    expect(() => parseSchedule('2569-11-22 07:00', NOW)).toThrow(
      expect.objectContaining({ code: 'SCHEDULE_IN_PAST', message: '--schedule 22 พ.ย. 2569 07:00 น. เป็นเวลาที่ผ่านมาแล้ว (ตอนนี้ 22 พ.ย. 2569 08:00 น.) (ปี 2569 อ่านเป็น พ.ศ. ตรงกับ ค.ศ. 2026)' }),
    );
    expect(() => parseSchedule('2026-11-22 07:00', NOW)).toThrow('--schedule 22 พ.ย. 2569 07:00 น. เป็นเวลาที่ผ่านมาแล้ว (ตอนนี้ 22 พ.ย. 2569 08:00 น.)');
  });

  it('names the limit in Thai, and gives a BE example for a date it cannot read', () => {
    expect(() => parseSchedule('2028-01-01 10:00', NOW, { maxAheadMs: YEAR, providerName: 'ThaiBulkSMS' })).toThrow('ThaiBulkSMS รับการตั้งเวลาส่งล่วงหน้าได้ไม่เกิน 1 ปี');
    expect(() => parseSchedule('พรุ่งนี้', NOW)).toThrow(expect.objectContaining({ code: 'INVALID_SCHEDULE', message: expect.stringContaining('"2569-12-01 10:00"') }));
  });
});
