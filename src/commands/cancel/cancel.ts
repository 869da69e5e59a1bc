import type { Command } from 'commander';
import { isInteractive, type Context } from '../../cli/context.js';
import { emitResult, writeLine, plural } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { SmsctlError, usageError } from '../../errors.js';
import { PROVIDER_NAMES, type MessageStatus } from '../../providers/types.js';
import { isNotFound, unknownMessage } from '../../cli/unknown-message.js';

export interface CancelOptions {
  json?: boolean;
  yes?: boolean;
}

export function registerCancel(program: Command, ctx: Context): void {
  program
    .command('cancel <ref>')
    .description('cancel a scheduled message that has not started; shows what it cancels and asks first; the provider refunds its credits')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .option('--json', 'print JSON')
    .action((ref: string, opts: CancelOptions) => runCancel(ref, opts, ctx));
}

export async function runCancel(ref: string, opts: CancelOptions, ctx: Context): Promise<void> {
  await withSession(ctx, async ({ provider, profile }) => {
    requireFeature(provider, 'cancel', 'cancel');
    const interactive = isInteractive(ctx);
    if (!opts.yes && !interactive) {
      throw usageError(`refusing to cancel ${ref} without confirmation: no terminal to ask on; pass --yes`, 'CONFIRMATION_REQUIRED');
    }
    const name = PROVIDER_NAMES[provider.id];
    // What will be cancelled, and whether it still can be, before anyone is asked.
    const message = await provider.status!(ref).catch((error: unknown) => {
      if (isNotFound(error)) throw unknownMessage(ref, provider.id);
      throw error;
    });
    refuseUnlessScheduled(message, name);
    const { formatBangkokTime } = await import('../../core/schedule.js');
    const when = message.scheduledAt ? new Date(message.scheduledAt) : undefined;
    const whenText = when && !Number.isNaN(when.getTime()) ? formatBangkokTime(when) : 'unknown';
    if (!opts.json || interactive) {
      const credit = message.totalCredit === undefined ? 'as the provider refunds' : plural(message.totalCredit, 'credit');
      writeLine(ctx.stderr, `Scheduled message ${ref}${message.refNo ? ` (${message.refNo})` : ''}:`);
      writeLine(ctx.stderr, `  Sender      ${message.sender ?? '(unknown)'}`);
      writeLine(ctx.stderr, `  Goes out    ${whenText}`);
      writeLine(ctx.stderr, `  Recipients  ${plural(message.totalMsisdn, 'recipient')}`);
      writeLine(ctx.stderr, `  Refund      ${credit}`);
    }
    if (!opts.yes) {
      const via = `${name}${profile.builtIn ? '' : `, profile ${profile.name}`}`;
      if (!(await ctx.prompter.confirm(`Cancel scheduled message ${ref} (${via})?`, false))) {
        throw new SmsctlError('usage', 'Nothing cancelled.', { code: 'NOT_CONFIRMED', plain: true });
      }
    }
    const result = await provider.cancel(ref).catch((error: unknown) => {
      throw (error instanceof SmsctlError && cannotCancel(error.providerCode, ref, name, error)) || error;
    });
    const details = { sender: message.sender ?? null, scheduledAt: when && !Number.isNaN(when.getTime()) ? when.toISOString() : null, recipients: message.totalMsisdn };
    if (opts.json) return emitResult(ctx, { ...result, ...details });
    const refund = result.refundedCredit === undefined ? '' : `, ${plural(result.refundedCredit, 'credit')} refunded`;
    writeLine(ctx.stdout, `Cancelled ${result.reference}${refund}.`);
  });
}

/** The provider's own refusal codes (ME-SMS; SEPSMS assumed the same), as sentences. */
function cannotCancel(code: string | undefined, ref: string, name: string, cause?: unknown): SmsctlError | undefined {
  const say = (sentence: string, c: string) => new SmsctlError('invalid', sentence, { code: c, cause });
  switch (code) {
    case 'ALREADY_CANCELLED':
      return say(`${ref} is already cancelled; nothing to do`, 'ALREADY_CANCELLED');
    case 'ALREADY_PROCESSING':
      return say(`${ref} has already started going out: ${name} can no longer cancel it`, 'ALREADY_PROCESSING');
    case 'NOT_SCHEDULED':
      return say(`${ref} was not scheduled: it went out when it was sent, so there is nothing to cancel`, 'NOT_SCHEDULED');
    default:
      return undefined;
  }
}

function refuseUnlessScheduled(m: MessageStatus, name: string): void {
  if (m.status === 'scheduled') return;
  const code = m.status === 'cancelled' ? 'ALREADY_CANCELLED' : m.scheduledAt ? 'ALREADY_PROCESSING' : 'NOT_SCHEDULED';
  throw cannotCancel(code, m.reference, name);
}
