/**
 * Sliding one-minute windows (a log of call times per bucket), as SEPSMS publishes:
 * send calls per key, OTP sends per client IP, all calls per key. Kept in memory only.
 */
const WINDOW_MS = 60_000;

export interface LimitSpec {
  /** Calls allowed per window; 0 = unlimited. */
  limit: number;
  bucket: string;
}

export interface LimitCheck {
  allowed: boolean;
  /** Smallest remaining count over the limited buckets after this call; undefined when none is limited. */
  remaining: number | undefined;
  /** Whole seconds until a slot frees in every exhausted bucket. */
  retryAfterSeconds: number;
}

export class RateLimiter {
  private hits = new Map<string, number[]>();

  private window(bucket: string, now: number): number[] {
    const list = this.hits.get(bucket) ?? [];
    let drop = 0;
    while (drop < list.length && (list[drop] ?? 0) <= now - WINDOW_MS) drop++;
    if (drop) list.splice(0, drop);
    if (list.length === 0) this.hits.delete(bucket);
    return list;
  }

  /** Records one call in every bucket if all have room; otherwise records nothing. */
  take(specs: readonly LimitSpec[], now: number): LimitCheck {
    return this.check(specs, now, true);
  }

  /** Remaining calls without recording one. */
  peek(specs: readonly LimitSpec[], now: number): LimitCheck {
    return this.check(specs, now, false);
  }

  private check(specs: readonly LimitSpec[], now: number, record: boolean): LimitCheck {
    const limited = specs.filter((s) => s.limit > 0);
    const windows = limited.map((s) => this.window(s.bucket, now));
    let retryMs = 0;
    limited.forEach((s, i) => {
      const w = windows[i] ?? [];
      if (w.length >= s.limit) retryMs = Math.max(retryMs, (w[w.length - s.limit] ?? now) + WINDOW_MS - now);
    });
    const allowed = retryMs === 0;
    if (allowed && record) {
      limited.forEach((s, i) => {
        const w = windows[i] ?? [];
        w.push(now);
        this.hits.set(s.bucket, w);
      });
    }
    const remaining = limited.length
      ? Math.min(...limited.map((s, i) => Math.max(0, s.limit - (windows[i]?.length ?? 0))))
      : undefined;
    return { allowed, remaining: allowed ? remaining : 0, retryAfterSeconds: Math.max(1, Math.ceil(retryMs / 1000)) };
  }

  reset(): void {
    this.hits.clear();
  }
}
