/**
 * Piped progress (stderr not a terminal: logs, cron mail): a line every few seconds and a
 * final one with the totals, not one line per request; every wait of a second or more is
 * shown with its reason as it starts. With a fake clock, then a real 40-request send.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SmsctlError } from '../../src/errors.js';
import type { ExecutorEvent } from '../../src/send/executor.js';
import type { PlannedBatch } from '../../src/send/plan.js';
import { lineProgress, PIPED_INTERVAL_MS } from '../../src/ui/progress.js';
import { runCli, tempConfigDir } from '../helpers/cli.js';
import { fakeContext } from '../helpers/context.js';

const batch = (index: number, count = 50): PlannedBatch => ({ index, count, text: 'hi', msisdns: '', rows: '', parts: 1, encoding: 'GSM7' as PlannedBatch['encoding'], credits: count });
const done = (index: number, outcome: 'sent' | 'failed' | 'unknown' = 'sent', error?: SmsctlError): ExecutorEvent => ({ type: 'done', batch: batch(index), outcome, error });
const wait = (index: number, ms: number, reason: string): ExecutorEvent => ({ type: 'wait', batch: batch(index), ms, reason, attempt: 2, maxAttempts: 6 });

describe('piped progress, fake clock', () => {
  let tmp: ReturnType<typeof tempConfigDir>;
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    tmp = tempConfigDir();
  });
  afterEach(() => {
    vi.useRealTimers();
    tmp.cleanup();
  });

  it('40 requests over 10 s: a line at 5 s and 10 s and the final totals — 3 lines, not 40', () => {
    const io = fakeContext({ configDir: tmp.dir });
    const p = lineProgress(io.ctx, 2000, 40);
    for (let i = 0; i < 40; i++) {
      vi.advanceTimersByTime(250);
      p.event(done(i));
    }
    p.stop();
    const lines = io.stderr().trimEnd().split('\n');
    expect(lines).toEqual([
      // The timer fires before the answer that arrives at the same instant.
      'progress: 950/2,000 recipients (47%) in 19 requests — 950 sent; 5 s',
      'progress: 1,950/2,000 recipients (97%) in 39 requests — 1,950 sent; 10 s',
      'done: 2,000/2,000 recipients (100%) in 40 requests — 2,000 sent; 10 s',
    ]);
  });

  it('a wait of a second or more shows at once with its reason, and on the progress line while it lasts', () => {
    const io = fakeContext({ configDir: tmp.dir });
    const p = lineProgress(io.ctx, 500, 10);
    p.event(done(0));
    vi.advanceTimersByTime(1000);
    p.event(wait(1, 30_000, 'SEPSMS is limiting the request rate (HTTP 429)'));
    expect(io.stderr()).toBe('request 2/10: waiting 30 s before request 2 again (attempt 2 of 6): SEPSMS is limiting the request rate (HTTP 429)\n');
    vi.advanceTimersByTime(PIPED_INTERVAL_MS - 1000);
    expect(io.stderr().split('\n')[1]).toBe('progress: 50/500 recipients (10%) in 1 request — 50 sent; 5 s | request 2 waiting: SEPSMS is limiting the request rate (HTTP 429), 26 s left');
    p.stop();
  });

  it('nothing answered for an interval: the line says so (never a silent stall)', () => {
    const io = fakeContext({ configDir: tmp.dir });
    const p = lineProgress(io.ctx, 100, 2);
    vi.advanceTimersByTime(PIPED_INTERVAL_MS);
    expect(io.stderr()).toMatch(/^progress: 0\/100 recipients \(0%\) in 0 requests — 0 sent; 5 s \| no answer in the last 5 s/);
    p.stop();
    expect(io.stderr().trimEnd().split('\n').at(-1)).toBe('stopped: 0/100 recipients (0%) in 0 requests — 0 sent; 5 s');
  });

  it('failures and short waits print as they happen, at most 10 an interval; the rest are counted', () => {
    const io = fakeContext({ configDir: tmp.dir });
    const p = lineProgress(io.ctx, 50 * 30, 30);
    const error = new SmsctlError('provider', 'SEPSMS is unavailable (HTTP 500)', { code: 'PROVIDER_UNAVAILABLE' });
    for (let i = 0; i < 30; i++) p.event(done(i, 'unknown', error));
    p.event(wait(0, 200, 'short'));
    p.stop();
    const lines = io.stderr().trimEnd().split('\n');
    expect(lines.filter((l) => /^request \d+\/30: 50 recipients unknown: SEPSMS is unavailable/.test(l))).toHaveLength(10);
    expect(lines.at(-1)).toBe('done: 1,500/1,500 recipients (100%) in 30 requests — 0 sent, 1,500 unknown; 0 ms | 21 more wait/failure lines not shown');
  });
});

describe('a real piped send', () => {
  let tmp: ReturnType<typeof tempConfigDir>;
  beforeEach(() => (tmp = tempConfigDir()));
  afterEach(() => tmp.cleanup());

  it('40 requests to the embedded sandbox print far fewer than 40 progress lines, and a final line with the totals', async () => {
    const numbers = Array.from({ length: 40 }, (_, i) => `08123456${String(i).padStart(2, '0')}`).join(',');
    const r = await runCli(['--profile', 'sandbox', 'send', '--to', numbers, '-m', 'hi', '--batch-size', '1', '--yes'], { configDir: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    const progress = r.stderr.split('\n').filter((l) => /^(progress|done|stopped): |^request \d+\//.test(l));
    expect(progress.length).toBeLessThanOrEqual(3);
    expect(progress.at(-1)).toMatch(/^done: 40\/40 recipients \(100%\) in 40 requests — 40 sent; \d/);
  });
});
