/**
 * Progress while sending, always on stderr: a bar on a terminal (recipients done of
 * total, rate, ETA, and any wait with its reason), one plain line per request otherwise
 * (logs, cron mail). A wait is always shown: never a silent stall.
 */
import type { Context } from '../cli/context.js';
import { formatNumber } from '../cli/output.js';
import { formatMs } from '../core/duration.js';
import type { ExecutorEvent } from '../send/executor.js';

export interface SendProgress {
  event(event: ExecutorEvent): void;
  stop(): void;
}

export async function createSendProgress(ctx: Context, totalRecipients: number, totalRequests: number, alreadyDone = 0): Promise<SendProgress> {
  if (ctx.stderr.isTTY) return barProgress(ctx, totalRecipients, alreadyDone);
  return lineProgress(ctx, totalRequests);
}

function waitText(e: Extract<ExecutorEvent, { type: 'wait' }>): string {
  return `waiting ${formatMs(e.ms)} before request ${e.batch.index + 1} again (attempt ${e.attempt} of ${e.maxAttempts}): ${e.reason}`;
}

async function barProgress(ctx: Context, totalRecipients: number, alreadyDone: number): Promise<SendProgress> {
  const { SingleBar, Presets } = await import('cli-progress');
  const started = Date.now();
  const bar = new SingleBar(
    {
      stream: ctx.stderr,
      format: 'Sending {bar} {percentage}% | {value}/{total} recipients | {rate}/s | ETA {eta_formatted}{note}',
      hideCursor: true,
      etaBuffer: 50,
      fps: 10,
      noTTYOutput: false,
    },
    Presets.shades_classic,
  );
  bar.start(totalRecipients, alreadyDone, { rate: '0', note: '' });
  let done = alreadyDone;
  return {
    event(e) {
      if (e.type === 'wait') {
        bar.update(done, { note: ` | ${waitText(e)}` });
        return;
      }
      done += e.batch.count;
      const secs = Math.max((Date.now() - started) / 1000, 0.001);
      bar.update(done, { rate: formatNumber(Math.round((done - alreadyDone) / secs)), note: e.outcome === 'sent' ? '' : ` | request ${e.batch.index + 1} ${e.outcome}` });
    },
    stop() {
      bar.stop();
    },
  };
}

function lineProgress(ctx: Context, totalRequests: number): SendProgress {
  return {
    event(e) {
      if (e.type === 'wait') {
        ctx.stderr.write(`request ${e.batch.index + 1}/${totalRequests}: ${waitText(e)}\n`);
        return;
      }
      const { batch, outcome, result, error } = e;
      const who = `${formatNumber(batch.count)} recipient${batch.count === 1 ? '' : 's'}`;
      const detail = outcome === 'sent' ? `sent${result?.reference ? ` (ref ${result.reference})` : ''}` : `${outcome}: ${error?.message ?? ''}`;
      ctx.stderr.write(`request ${batch.index + 1}/${totalRequests}: ${who} ${detail}\n`);
    },
    stop() {},
  };
}
