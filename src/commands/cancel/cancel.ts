import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { formatNumber, emitResult, writeLine } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';

export function registerCancel(program: Command, ctx: Context): void {
  program
    .command('cancel <ref>')
    .description('cancel a scheduled message that has not started; the provider refunds its credits')
    .option('--json', 'print JSON')
    .action((ref: string, opts: { json?: boolean }) => runCancel(ref, opts, ctx));
}

export async function runCancel(ref: string, opts: { json?: boolean }, ctx: Context): Promise<void> {
  await withSession(ctx, async ({ provider }) => {
    requireFeature(provider, 'cancel', 'cancel');
    const result = await provider.cancel!(ref);
    if (opts.json) return emitResult(ctx, result);
    const refund = result.refundedCredit === undefined ? '' : `, ${formatNumber(result.refundedCredit)} credits refunded`;
    writeLine(ctx.stdout, `Cancelled ${result.reference}${refund}.`);
  });
}
