import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { toNational } from '../../core/phone.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { usageError } from '../../errors.js';
import type { DeliveryStatus } from '../../providers/types.js';
import { positiveInt } from '../profile/add.js';

export interface RecipientsOptions {
  status?: DeliveryStatus;
  search?: string;
  limit?: number;
  json?: boolean;
}

const STATUSES: readonly DeliveryStatus[] = ['pending', 'success', 'failed', 'invalid', 'blocked', 'expired', 'timeout'];

export function registerRecipients(program: Command, ctx: Context): void {
  program
    .command('recipients <ref>')
    .description('per-number delivery status of one message reference, streamed page by page')
    .option('--status <status>', `only this status (${STATUSES.join(', ')})`, (v) => {
      if (!(STATUSES as readonly string[]).includes(v)) throw usageError(`--status: expected one of ${STATUSES.join(', ')}, got "${v}"`, 'BAD_FLAG');
      return v as DeliveryStatus;
    })
    .option('--search <digits>', 'only numbers containing these digits')
    .option('--limit <n>', 'stop after this many rows', (v) => positiveInt(v, '--limit'))
    .option('--json', 'one JSON object per line instead of CSV')
    .action((ref: string, opts: RecipientsOptions) => runRecipients(ref, opts, ctx));
}

/** Streams CSV (or JSON lines) to stdout so million-row lists never sit in memory. */
export async function runRecipients(ref: string, opts: RecipientsOptions, ctx: Context): Promise<void> {
  await withSession(ctx, async ({ provider }) => {
    requireFeature(provider, 'recipients', 'recipients');
    if (!opts.json) ctx.stdout.write('msisdn,status\n');
    let after: number | undefined = 0;
    let written = 0;
    const max = opts.limit ?? Infinity;
    while (after !== undefined && written < max && !ctx.signal.aborted) {
      const page = await provider.recipients!(ref, { after, limit: 50, status: opts.status, search: opts.search });
      for (const r of page.recipients.slice(0, max - written)) {
        ctx.stdout.write(opts.json ? `${JSON.stringify({ msisdn: r.msisdn, status: r.status })}\n` : `${toNational(r.msisdn)},${r.status}\n`);
        written++;
      }
      after = page.hasMore ? page.nextCursor : undefined;
    }
  });
}
