import { describe, expect, it } from 'vitest';
import { formatBangkok, parseSchedule } from '../../src/core/schedule.js';

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
