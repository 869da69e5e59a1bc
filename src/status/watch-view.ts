/**
 * What `status --watch` shows while it waits, always on stderr: on a terminal one line
 * redrawn in place (a bar of recipients with a final status, the count per status, time
 * watched); otherwise a line only when a count changes, so a log of a long wait stays short.
 */
import type { Context } from '../cli/context.js';
import { formatNumber } from '../cli/output.js';
import { formatTime } from '../i18n/dates.js';
import { t } from '../i18n/index.js';
import { etaText } from '../ui/progress.js';
import { openCount, sameSummary } from './tally.js';
import { statusWord } from './words.js';

export interface WatchView {
  update(summary: Record<string, number>, total: number, nextSend?: Date): void;
  /** Leaves the terminal line clean for what follows. */
  stop(): void;
}

export function summaryText(summary: Record<string, number>): string {
  const parts = Object.entries(summary).map(([k, v]) => `${statusWord(k)} ${formatNumber(v)}`);
  return parts.length ? parts.join(t('status.watch.separator')) : t('status.watch.nothing');
}

export function createWatchView(ctx: Context): WatchView {
  const started = ctx.now().getTime();
  const elapsed = () => etaText((ctx.now().getTime() - started) / 1000);
  if (!ctx.stderr.isTTY) {
    let last: Record<string, number> | undefined;
    return {
      update(summary, total, nextSend) {
        if (last && sameSummary(last, summary)) return;
        last = summary;
        const final = total - openCount(summary);
        const parts = { time: formatTime(ctx.now()), summary: summaryText(summary), final: formatNumber(final), total: formatNumber(total) };
        ctx.stderr.write(`${nextSend ? t('status.watch.line_next', { ...parts, next: formatTime(nextSend) }) : t('status.watch.line', parts)}\n`);
      },
      stop() {},
    };
  }
  let line: { summary: Record<string, number>; total: number; nextSend?: Date } | undefined;
  const width = () => Math.max(40, (ctx.stderr.columns ?? 80) - 1);
  const draw = () => {
    if (!line) return;
    const final = line.total - openCount(line.summary);
    const frac = line.total > 0 ? final / line.total : 1;
    const cells = 20;
    const filled = Math.round(frac * cells);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(cells - filled)}`;
    const parts = { bar, percent: Math.floor(frac * 100), summary: summaryText(line.summary), elapsed: elapsed() };
    const text = line.nextSend ? t('status.watch.bar_next', { ...parts, next: formatTime(line.nextSend) }) : t('status.watch.bar', parts);
    ctx.stderr.write(`\r\x1b[2K${[...text].slice(0, width()).join('')}`);
  };
  // The clock moves between polls too.
  const timer = setInterval(draw, 1000);
  timer.unref?.();
  return {
    update(summary, total, nextSend) {
      line = { summary, total, nextSend };
      draw();
    },
    stop() {
      clearInterval(timer);
      ctx.stderr.write('\r\x1b[2K');
    },
  };
}
