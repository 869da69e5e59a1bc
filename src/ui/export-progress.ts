/**
 * Progress of a recipient export, on stderr when it is a terminal: one line redrawn in place,
 * at most ten times a second (rows done of the provider's summary total, rate, ETA). Nothing
 * otherwise: a log gets the one line the command prints at the end.
 */
import type { Context } from '../cli/context.js';
import { formatNumber } from '../cli/output.js';
import { t } from '../i18n/index.js';
import { etaText } from './progress.js';

export interface ExportProgress {
  /** `total` undefined: not known (a --search export). */
  update(done: number, total: number | undefined): void;
  /** Clears the line. */
  stop(): void;
}

const REDRAW_MS = 100;

export function exportProgress(ctx: Context): ExportProgress | undefined {
  if (!ctx.stderr.isTTY) return undefined;
  const started = Date.now();
  let drawn = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - drawn < REDRAW_MS) return;
      drawn = now;
      const secs = Math.max((now - started) / 1000, 0.001);
      const perSecond = done / secs;
      const rate = formatNumber(Math.round(perSecond));
      let line: string;
      if (total !== undefined && total >= done) {
        const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
        const eta = perSecond > 0 ? etaText((total - done) / perSecond) : '…';
        line = t('export.progress.of', { done: formatNumber(done), total: formatNumber(total), percent, rate, eta });
      } else line = t('export.progress.plain', { done: formatNumber(done), rate });
      ctx.stderr.write(`\r\u001b[2K${line}`);
      shown = true;
    },
    stop() {
      if (shown) ctx.stderr.write('\r\u001b[2K');
      shown = false;
    },
  };
}
