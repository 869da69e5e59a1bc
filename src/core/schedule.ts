/**
 * `--schedule` parsing. Thai users think in Bangkok time, so a date-time without an offset is
 * read as Asia/Bangkok, never as the machine's zone (a CI runner in UTC would shift it 7 hours).
 * Thai users also write the Buddhist Era year: a year of 2400 or more is read as one (2569 =
 * 2026), anything lower as Gregorian; no date a send or a filter needs is near either edge.
 */
import { invalidInput } from '../errors.js';
import { formatTime } from '../i18n/dates.js';
import { language, t, type MessageKey } from '../i18n/index.js';

// Asia/Bangkok has had no daylight saving time since 1920: always UTC+7.
const BANGKOK_OFFSET_MS = 7 * 3_600_000;
/** The first year read as Buddhist Era (BE 2400 = 1857 CE), and the years between the calendars. */
export const FIRST_BE_YEAR = 2400;
const BE_OFFSET = 543;
const FORMAT =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

export function parseSchedule(
  input: string,
  now: Date,
  options: { maxAheadMs?: number; providerName?: string } = {},
): Date {
  const text = input.trim();
  const m = FORMAT.exec(text);
  const date = m ? toDate(m) : undefined;
  if (!m || !date) {
    throw invalidInput(t('schedule.not_a_date', { input }), 'INVALID_SCHEDULE');
  }
  // A Buddhist Era year typed is said beside the time, so a date read in the other calendar than meant is seen.
  const year = Number(m[1]);
  const note = year >= FIRST_BE_YEAR ? t('schedule.read_as_be', { year, ce: year - BE_OFFSET }) : '';
  if (date.getTime() <= now.getTime()) {
    throw invalidInput(t('schedule.in_past', { time: shownTime(date), now: shownTime(now) }) + note, 'SCHEDULE_IN_PAST');
  }
  const { maxAheadMs, providerName = t('schedule.the_provider') } = options;
  if (maxAheadMs !== undefined && date.getTime() - now.getTime() > maxAheadMs) {
    throw invalidInput(t('schedule.too_far', { time: shownTime(date), provider: providerName, span: describeSpan(maxAheadMs) }) + note, 'SCHEDULE_TOO_FAR');
  }
  return date;
}

/**
 * A time in a schedule error: Thai reads it as formatTime writes it (Buddhist Era, Thai
 * months); English keeps the ISO form it has always printed, which scripts and tests match.
 */
function shownTime(date: Date): string {
  return language() === 'th' ? formatTime(date) : formatBangkok(date);
}

/**
 * A date-time as --schedule reads it (ISO 8601, or Bangkok local "2026-12-01 10:00"; a year
 * from 2400 on is Buddhist Era), or a date alone ("2026-12-01": the start of that Bangkok day, or with `endOfDay` its last
 * millisecond), with no past or future check: for filters such as `messages --from`.
 */
export function parseDateTime(input: string, options: { endOfDay?: boolean } = {}): Date | undefined {
  const text = input.trim();
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (day) {
    const start = toDate(FORMAT.exec(`${text} 00:00`)!);
    return start && (options.endOfDay ? new Date(start.getTime() + 86_400_000 - 1) : start);
  }
  const m = FORMAT.exec(text);
  return m ? toDate(m) : undefined;
}

/** "2026-12-17T17:12:00+07:00": the form ThaiBulkSMS expects and the one users read. */
export function formatBangkok(date: Date): string {
  const d = new Date(date.getTime() + BANGKOK_OFFSET_MS);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}` +
    `T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}+07:00`
  );
}

/** "2026-12-17 17:12:00 +07:00": Bangkok time for a person, the zone shown. */
export function formatBangkokTime(date: Date): string {
  return formatBangkok(date).replace('T', ' ').replace('+07:00', ' +07:00');
}

function toDate(m: RegExpExecArray): Date | undefined {
  const [, y, mo, d, h, mi, s = '0', frac = '', zone] = m;
  const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [typed, month, day, hour, minute, second] = parts;
  // Checked as a Gregorian date once converted: 29 February BE 2567 is 2024's, a leap day.
  const year = typed >= FIRST_BE_YEAR ? typed - BE_OFFSET : typed;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 31 April over to 1 May; a date that moved was not a real date.
  if (new Date(wall).getUTCDate() !== day) return undefined;
  const offset = zone === undefined ? BANGKOK_OFFSET_MS : offsetMs(zone);
  if (offset === undefined) return undefined;
  return new Date(wall - offset);
}

function offsetMs(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 14 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes) * 60_000;
}

/** 31536000000 → "1 year"; 604800000 → "7 days". */
function describeSpan(ms: number): string {
  const span = (count: number, unit: 'year' | 'day' | 'hour' | 'minute') => t(`schedule.span_${unit}` as MessageKey, { count });
  const days = ms / 86_400_000;
  if (days >= 365 && Number.isInteger(days / 365)) return span(days / 365, 'year');
  if (days >= 365 && Number.isInteger(days / 366)) return span(days / 366, 'year');
  if (Number.isInteger(days)) return span(days, 'day');
  const hours = ms / 3_600_000;
  if (Number.isInteger(hours)) return span(hours, 'hour');
  return span(Math.round(ms / 60_000), 'minute');
}
