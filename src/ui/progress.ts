/**
 * Progress while sending, always on stderr: a bar on a terminal (recipients done of
 * total, rate, ETA, and any wait with its reason); otherwise (logs, cron mail) a plain line
 * every few seconds and a final one with the totals — a 2,000,000-number send makes 4,000
 * requests, and a log needs a handful of lines, not one per request. A wait is always
 * shown: never a silent stall.
 */
import type { Context } from '../cli/context.js';
import { formatNumber } from '../cli/output.js';
import { formatMs } from '../core/duration.js';
import { t } from '../i18n/index.js';
import type { ExecutorEvent } from '../send/executor.js';

export interface SendProgress {
  event(event: ExecutorEvent): void;
  stop(): void;
}

/** Piped: a progress line this often, and one at the end. */
export const PIPED_INTERVAL_MS = 5_000;
/** A wait at least this long is always printed, with its reason, as it starts. */
const LONG_WAIT_MS = 1_000;
/** Shorter waits and failed requests print as they happen, this many per interval; the rest are counted. */
const EVENT_LINES_PER_INTERVAL = 10;

export async function createSendProgress(ctx: Context, totalRecipients: number, totalRequests: number, alreadyDone = 0): Promise<SendProgress> {
  if (ctx.stderr.isTTY) return barProgress(ctx, totalRecipients, alreadyDone);
  return lineProgress(ctx, totalRecipients, totalRequests);
}

function waitText(e: Extract<ExecutorEvent, { type: 'wait' }>): string {
  return t('progress.wait', { wait: formatMs(e.ms), request: e.batch.index + 1, attempt: e.attempt, max: e.maxAttempts, reason: e.reason });
}

/** "45 s", "3 min 05 s", "1 h 02 min": whole units, never "1m60s". */
export function etaText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('send.duration.seconds', { s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('send.duration.minutes', { m, s: String(s % 60).padStart(2, '0') });
  return t('send.duration.hours', { h: Math.floor(m / 60), m: String(m % 60).padStart(2, '0') });
}

async function barProgress(ctx: Context, totalRecipients: number, alreadyDone: number): Promise<SendProgress> {
  const { SingleBar, Presets } = await import('cli-progress');
  const started = Date.now();
  const bar = new SingleBar(
    {
      stream: ctx.stderr,
      // Own tokens: cli-progress prints raw counts (8500/20000) and ETAs such as "1m60s".
      // cli-progress fills the {tokens}: t() is given no params, so it leaves them as written.
      format: t('progress.bar'),
      // cli-progress clips a line wider than the terminal (autowrap off), so the bar gives way
      // to the counts and the ETA: ~66 columns of text at most, in either language.
      barsize: Math.max(10, Math.min(40, (ctx.stderr.columns ?? 80) - 66)),
      hideCursor: true,
      etaBuffer: 50,
      fps: 10,
      noTTYOutput: false,
    },
    Presets.shades_classic,
  );
  const all = formatNumber(totalRecipients);
  bar.start(totalRecipients, alreadyDone, { rate: '0', note: '', done: formatNumber(alreadyDone), all, left: '…' });
  let done = alreadyDone;
  return {
    event(e) {
      if (e.type === 'wait') {
        bar.update(done, { note: ` | ${waitText(e)}` });
        return;
      }
      done += e.batch.count;
      const secs = Math.max((Date.now() - started) / 1000, 0.001);
      const perSecond = (done - alreadyDone) / secs;
      const left = perSecond > 0 ? etaText((totalRecipients - done) / perSecond) : '…';
      const request = e.batch.index + 1;
      const note = e.outcome === 'sent' ? '' : ` | ${e.outcome === 'failed' ? t('progress.request_failed', { request }) : t('progress.request_unknown', { request })}`;
      bar.update(done, { rate: formatNumber(Math.round(perSecond)), done: formatNumber(done), all, left, note });
    },
    stop() {
      bar.stop();
    },
  };
}

/**
 * `intervalMs` is for tests. Counts are of this pass: `totalRecipients` is what it has to
 * send, `totalRequests` the run's requests (request numbers in wait and failure lines).
 */
export function lineProgress(ctx: Context, totalRecipients: number, totalRequests: number, intervalMs = PIPED_INTERVAL_MS): SendProgress {
  const now = () => ctx.now().getTime();
  const started = now();
  const count = { requests: 0, sent: 0, failed: 0, unknown: 0 };
  let answeredAtLastLine = 0;
  let windowStart = started;
  let eventLines = 0;
  let notShown = 0;
  let waiting: { until: number; text: string } | undefined;
  let stopped = false;
  const write = (line: string) => ctx.stderr.write(`${line}\n`);

  /** Waits and failures as they happen, but never a flood: past the per-interval budget they are counted. */
  const eventLine = (line: string, always = false) => {
    const at = now();
    if (at - windowStart >= intervalMs) {
      windowStart = at;
      eventLines = 0;
    }
    if (always || eventLines < EVENT_LINES_PER_INTERVAL) {
      eventLines++;
      write(line);
    } else notShown++;
  };

  const tally = () => {
    const done = count.sent + count.failed + count.unknown;
    const pct = totalRecipients > 0 ? Math.floor((done / totalRecipients) * 100) : 100;
    const parts = [t('progress.part.sent', { count: count.sent })];
    if (count.failed) parts.push(t('progress.part.failed', { count: count.failed }));
    if (count.unknown) parts.push(t('progress.part.unknown', { count: count.unknown }));
    const requests = t('send.count.requests', { count: count.requests });
    const total = formatNumber(totalRecipients);
    return t('progress.tally', { done: formatNumber(done), total, pct, requests, parts: parts.join(t('progress.separator')), elapsed: formatMs(now() - started) });
  };

  const tick = () => {
    const notes: string[] = [];
    const at = now();
    if (waiting && waiting.until > at) notes.push(t('progress.waiting_left', { waiting: waiting.text, left: formatMs(waiting.until - at) }));
    else if (count.requests === answeredAtLastLine) notes.push(t('progress.no_answer', { interval: formatMs(intervalMs) }));
    if (notShown) notes.push(t('progress.not_shown', { count: notShown }));
    notShown = 0;
    answeredAtLastLine = count.requests;
    write(t('progress.line', { tally: tally(), notes: notes.length ? ` | ${notes.join(' | ')}` : '' }));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref?.();

  return {
    event(e) {
      if (stopped) return;
      if (e.type === 'wait') {
        waiting = { until: now() + e.ms, text: t('progress.waiting', { request: e.batch.index + 1, reason: e.reason }) };
        eventLine(t('progress.request_line', { request: e.batch.index + 1, total: totalRequests, text: waitText(e) }), e.ms >= LONG_WAIT_MS);
        return;
      }
      const { batch, outcome, error } = e;
      count.requests++;
      count[outcome] += batch.count;
      if (outcome !== 'sent') {
        const params = { request: batch.index + 1, total: totalRequests, count: batch.count, message: error?.message ?? '' };
        eventLine(outcome === 'failed' ? t('progress.request_outcome.failed', params) : t('progress.request_outcome.unknown', params));
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      const done = count.sent + count.failed + count.unknown;
      const more = notShown ? ` | ${t('progress.not_shown', { count: notShown })}` : '';
      write(done >= totalRecipients ? t('progress.done', { tally: tally(), more }) : t('progress.stopped', { tally: tally(), more }));
    },
  };
}
