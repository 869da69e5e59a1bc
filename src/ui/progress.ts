/**
 * Progress while sending, always on stderr: a bar on a terminal (recipients done of
 * total, rate, ETA), one plain line per request otherwise (logs, cron mail).
 */
import type { Context } from '../cli/context.js';
import { formatNumber } from '../cli/output.js';
import type { RequestResult } from '../send/execute.js';

export interface SendProgress {
  requestDone(done: RequestResult, index: number): void;
  stop(): void;
}

export async function createSendProgress(ctx: Context, totalRecipients: number, totalRequests: number): Promise<SendProgress> {
  if (ctx.stderr.isTTY) return barProgress(ctx, totalRecipients);
  return lineProgress(ctx, totalRequests);
}

async function barProgress(ctx: Context, totalRecipients: number): Promise<SendProgress> {
  const { SingleBar, Presets } = await import('cli-progress');
  const started = Date.now();
  const bar = new SingleBar(
    {
      stream: ctx.stderr,
      format: 'Sending {bar} {percentage}% | {value}/{total} recipients | {rate}/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
      fps: 10,
      noTTYOutput: false,
    },
    Presets.shades_classic,
  );
  bar.start(totalRecipients, 0, { rate: '0' });
  let done = 0;
  return {
    requestDone(result) {
      done += result.batch.msisdns.length;
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar.update(done, { rate: formatNumber(Math.round(done / seconds)) });
    },
    stop() {
      bar.stop();
    },
  };
}

function lineProgress(ctx: Context, totalRequests: number): SendProgress {
  return {
    requestDone({ batch, outcome, result, error }, index) {
      const who = `${formatNumber(batch.msisdns.length)} recipient${batch.msisdns.length === 1 ? '' : 's'}`;
      const detail = outcome === 'sent' ? `sent${result?.reference ? ` (ref ${result.reference})` : ''}` : `${outcome}: ${error?.message ?? ''}`;
      ctx.stderr.write(`request ${index + 1}/${totalRequests}: ${who} ${detail}\n`);
    },
    stop() {},
  };
}
