/**
 * Client-side pacing, so a well-configured run never meets a 429: requests leave at most
 * one per interval (a spacing limiter never bursts past a provider's per-minute window),
 * and a 429's Retry-After pauses every worker, not just the one that was told.
 */
import { SmsctlError, usageError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Profile } from '../config/profile.js';
import type { ProviderId } from '../providers/types.js';

export interface Rate {
  /** Requests per second; Infinity for no limit. */
  perSecond: number;
  /** As the user wrote it or as published, for messages. */
  label: string;
}

/**
 * Published limits: SEPSMS 120 send calls a minute (and 2,400 calls a minute overall, far
 * above what one send makes); ThaiBulkSMS "up to 120 TPS"; ME-SMS publishes none.
 */
export const DEFAULT_RATES: Readonly<Record<ProviderId, Rate>> = {
  sepsms: { perSecond: 2, label: '120/min' },
  thaibulksms: { perSecond: 120, label: '120/s' },
  mesms: { perSecond: Infinity, label: 'none' },
};

/**
 * Requests in flight at once, by default: enough to hide round trips (ThaiBulkSMS's 120/s needs
 * several at a time at real latencies), never more than a rate allows to be useful.
 */
export const DEFAULT_CONCURRENCY: Readonly<Record<ProviderId, number>> = { sepsms: 2, thaibulksms: 8, mesms: 4 };

export interface Pace {
  concurrency: number;
  rate: Rate;
}

/** --rate / --concurrency, else the profile's, else the provider's published limits. */
export function paceFor(provider: ProviderId, profile: Profile, flags: { rate?: string; concurrency?: number }): Pace {
  const rate = flags.rate ? parseRate(flags.rate) : profile.rate ? parseRate(profile.rate, t('send.rate.of_profile', { name: profile.name })) : DEFAULT_RATES[provider];
  return { rate, concurrency: flags.concurrency ?? profile.concurrency ?? DEFAULT_CONCURRENCY[provider] };
}

/** "120/min", "10/s", "10" (per second), "0" or "none" (no limit). */
export function parseRate(value: string, flag = '--rate'): Rate {
  const v = value.trim().toLowerCase();
  if (v === 'none' || v === '0' || v === 'unlimited') return { perSecond: Infinity, label: 'none' };
  const m = /^(\d+(?:\.\d+)?)\s*(?:\/\s*(s|sec|second|m|min|minute|h|hour))?$/.exec(v);
  const n = m ? Number(m[1]) : NaN;
  if (!m || !(n > 0)) throw usageError(t('send.rate.invalid', { flag, value }), 'BAD_FLAG');
  const unit = m[2] ?? 's';
  const perSecond = unit.startsWith('h') ? n / 3600 : unit.startsWith('m') ? n / 60 : n;
  return { perSecond, label: `${n}/${unit.startsWith('h') ? 'h' : unit.startsWith('m') ? 'min' : 's'}` };
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Resolves after ms, or at once when the signal aborts. */
export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

export class Pacer {
  private next = 0;
  private readonly interval: number;

  constructor(
    rate: Rate,
    private readonly now: () => number = () => performance.now(),
    private readonly wait: Sleep = sleep,
  ) {
    if (!(rate.perSecond > 0)) throw new SmsctlError('internal', t('send.rate.not_positive'), { code: 'INTERNAL' });
    this.interval = Number.isFinite(rate.perSecond) ? 1000 / rate.perSecond : 0;
  }

  /** Waits for this request's slot. False when the signal aborted the wait. */
  async take(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      const now = this.now();
      const at = Math.max(now, this.next);
      if (at <= now) {
        this.next = now + this.interval;
        return !signal?.aborted;
      }
      // Re-check after waking: a pause may have moved the slot while we slept.
      await this.wait(at - now, signal);
      if (signal?.aborted) return false;
    }
  }

  /** No request leaves before `ms` from now (a 429 said to wait). */
  pause(ms: number): void {
    this.next = Math.max(this.next, this.now() + ms);
  }
}
