import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { jsonListItem, startJsonList, plural } from '../../cli/output.js';
import { stopError } from '../../cli/signals.js';
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
    .option('--json', 'print JSON: {"ok":true,"reference":…,"recipients":[{"msisdn","status"},…]}, streamed')
    .action((ref: string, opts: RecipientsOptions) => runRecipients(ref, opts, ctx));
}

/**
 * Streams CSV (or one JSON document) to stdout page by page, so million-row lists never sit
 * in memory. Nothing is written before the first page arrives: a wrong reference leaves an
 * empty file behind `> out.csv`, not a header.
 */
export async function runRecipients(ref: string, opts: RecipientsOptions, ctx: Context): Promise<void> {
  await withSession(ctx, async ({ provider }) => {
    requireFeature(provider, 'recipients', 'recipients');
    let after: number | undefined = 0;
    let written = 0;
    const max = opts.limit ?? Infinity;
    let started = false;
    while (after !== undefined && written < max && !ctx.signal.aborted) {
      const page = await provider.recipients!(ref, { after, limit: 50, status: opts.status, search: opts.search });
      if (!started) {
        if (opts.json) startJsonList(ctx, 'recipients', { reference: ref });
        else ctx.stdout.write('msisdn,status\n');
        started = true;
      }
      let chunk = '';
      for (const r of page.recipients.slice(0, max - written)) {
        chunk += opts.json ? jsonListItem(ctx, { msisdn: r.msisdn, status: r.status }) : `${r.msisdn},${r.status}\n`;
        written++;
      }
      ctx.stdout.write(chunk);
      after = page.hasMore ? page.nextCursor : undefined;
    }
    if (opts.json && !started) startJsonList(ctx, 'recipients', { reference: ref });
    if (ctx.signal.aborted) throw stopError(ctx.signal, `after ${plural(written, 'recipient')}`);
  });
}
