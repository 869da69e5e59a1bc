/**
 * What `status --watch` shows while it waits, always on stderr: on a terminal one line
 * redrawn in place (a bar of recipients with a final status, the count per status, time
 * watched); otherwise a line only when a count changes, so a log of a long wait stays short.
 */
import type { Context } from '../cli/context.js';
import { formatNumber } from '../cli/output.js';
import { formatBangkokTime } from '../core/schedule.js';
import { etaText } from '../ui/progress.js';
import { openCount, sameSummary } from './tally.js';

export interface WatchView {
  update(summary: Record<string, number>, total: number, nextSend?: Date): void;
  /** Leaves the terminal line clean for what follows. */
  stop(): void;
}

export function summaryText(summary: Record<string, number>): string {
  const parts = Object.entries(summary).map(([k, v]) => `${k} ${formatNumber(v)}`);
  return parts.length ? parts.join(', ') : 'nothing reported yet';
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
        const when = nextSend ? `; next goes out ${formatBangkokTime(nextSend)}` : '';
        ctx.stderr.write(`${formatBangkokTime(ctx.now())}  ${summaryText(summary)} (${formatNumber(final)} of ${formatNumber(total)} final${when})\n`);
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
    const when = line.nextSend ? ` | next out ${formatBangkokTime(line.nextSend)}` : '';
    const text = `Watching ${bar} ${Math.floor(frac * 100)}% final | ${summaryText(line.summary)}${when} | ${elapsed()} (Ctrl-C stops)`;
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
