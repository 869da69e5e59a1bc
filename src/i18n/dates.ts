/**
 * Times as a reader of each language expects them, always in Asia/Bangkok: English keeps the
 * ISO-like "2026-12-01 10:00:00 +07:00"; Thai reads "1 ธ.ค. 2569 10:00 น." (Buddhist Era year,
 * Thai month names, from Intl's th-TH locale, no hand-written tables).
 */
import { formatBangkokTime } from '../core/schedule.js';
import { language, t } from './index.js';

let thai: Intl.DateTimeFormat | undefined;

function thaiTime(date: Date): string {
  thai ??= new Intl.DateTimeFormat('th-TH-u-ca-buddhist', {
    // Asia/Bangkok's UTC+7 without its pre-1920 local mean time, as core/schedule.ts reads it
    // (a Buddhist Era year typed as a Gregorian one lands in the 1800s, and must show as typed).
    timeZone: 'Etc/GMT-7',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return t('time.clock', { time: thai.format(date) });
}

/** A time for a person, in the current language. */
export function formatTime(date: Date): string {
  return language() === 'th' ? thaiTime(date) : formatBangkokTime(date);
}

/** The year in Bangkok, in the Gregorian calendar. */
function bangkokYear(date: Date): number {
  return new Date(date.getTime() + 7 * 3_600_000).getUTCFullYear();
}

/**
 * A time with the other calendar's year beside it — "2026-12-01 10:00:00 +07:00 (Buddhist Era
 * 2569)", "1 ธ.ค. 2569 10:00 น. (ค.ศ. 2026)" — for a schedule the user typed, so a year given
 * in the wrong calendar is seen before sending.
 */
export function formatTimeBothCalendars(date: Date): string {
  const year = bangkokYear(date);
  return t('time.both', { time: formatTime(date), year: language() === 'th' ? year : year + 543 });
}
