import type { Command } from 'commander';
import { isInteractive, type Context } from '../../cli/context.js';
import { emitResult, writeLine, plural } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { SmsctlError, usageError } from '../../errors.js';
import { PROVIDER_NAMES } from '../../providers/types.js';

export interface CancelOptions {
  json?: boolean;
  yes?: boolean;
}

export function registerCancel(program: Command, ctx: Context): void {
  program
    .command('cancel <ref>')
    .description('cancel a scheduled message that has not started; the provider refunds its credits (asks first)')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .option('--json', 'print JSON')
    .action((ref: string, opts: CancelOptions) => runCancel(ref, opts, ctx));
}

export async function runCancel(ref: string, opts: CancelOptions, ctx: Context): Promise<void> {
  await withSession(ctx, async ({ provider, profile }) => {
    requireFeature(provider, 'cancel', 'cancel');
    if (!opts.yes) {
      if (!isInteractive(ctx)) {
        throw usageError(`refusing to cancel ${ref} without confirmation: no terminal to ask on; pass --yes`, 'CONFIRMATION_REQUIRED');
      }
      const via = `${PROVIDER_NAMES[provider.id]}${profile.builtIn ? '' : `, profile ${profile.name}`}`;
      if (!(await ctx.prompter.confirm(`Cancel scheduled message ${ref} (${via})?`, false))) {
        throw new SmsctlError('usage', 'Nothing cancelled.', { code: 'NOT_CONFIRMED', plain: true });
      }
    }
    const result = await provider.cancel!(ref);
    if (opts.json) return emitResult(ctx, result);
    const refund = result.refundedCredit === undefined ? '' : `, ${plural(result.refundedCredit, 'credit')} refunded`;
    writeLine(ctx.stdout, `Cancelled ${result.reference}${refund}.`);
  });
}
