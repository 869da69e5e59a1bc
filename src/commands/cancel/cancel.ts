import type { Command } from 'commander';
import { isInteractive, type Context } from '../../cli/context.js';
import { emitResult, writeLine } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { SmsctlError, usageError } from '../../errors.js';
import { PROVIDER_NAMES, type MessageStatus } from '../../providers/types.js';
import { isNotFound, unknownMessage } from '../../cli/unknown-message.js';
import { formatTime } from '../../i18n/dates.js';
import { t } from '../../i18n/index.js';
import { labelWidth, padDisplay } from '../../cli/width.js';

export interface CancelOptions {
  json?: boolean;
  yes?: boolean;
}

export function registerCancel(program: Command, ctx: Context): void {
  program
    .command('cancel <ref>')
    .description(t('cancel.description'))
    .option('-y, --yes', t('cancel.option.yes'))
    .option('--json', t('cancel.option.json'))
    .action((ref: string, opts: CancelOptions) => runCancel(ref, opts, ctx));
}

export async function runCancel(ref: string, opts: CancelOptions, ctx: Context): Promise<void> {
  await withSession(ctx, async ({ provider, profile }) => {
    requireFeature(provider, 'cancel', 'cancel');
    const interactive = isInteractive(ctx);
    if (!opts.yes && !interactive) {
      throw usageError(t('cancel.needs_yes', { ref }), 'CONFIRMATION_REQUIRED');
    }
    const name = PROVIDER_NAMES[provider.id];
    // What will be cancelled, and whether it still can be, before anyone is asked.
    const message = await provider.status!(ref).catch((error: unknown) => {
      if (isNotFound(error)) throw unknownMessage(ref, provider.id);
      throw error;
    });
    refuseUnlessScheduled(message, name);
    const when = message.scheduledAt ? new Date(message.scheduledAt) : undefined;
    const whenText = when && !Number.isNaN(when.getTime()) ? formatTime(when) : t('cancel.when_unknown');
    if (!opts.json || interactive) {
      const credit = message.totalCredit === undefined ? t('cancel.refund_provider') : t('cancel.credits', { count: message.totalCredit });
      writeLine(ctx.stderr, message.refNo ? t('cancel.title_refno', { ref, refNo: message.refNo }) : t('cancel.title', { ref }));
      const lines: [string, string][] = [
        [t('cancel.label.sender'), message.sender ?? t('cancel.sender_unknown')],
        [t('cancel.label.goes_out'), whenText],
        [t('cancel.label.recipients'), t('status.recipients', { count: message.totalMsisdn })],
        [t('cancel.label.refund'), credit],
      ];
      const width = labelWidth(lines.map(([label]) => label), 12);
      for (const [label, value] of lines) writeLine(ctx.stderr, `  ${padDisplay(label, width)}${value}`);
    }
    if (!opts.yes) {
      const question = profile.builtIn ? t('cancel.confirm', { ref, provider: name }) : t('cancel.confirm_profile', { ref, provider: name, profile: profile.name });
      if (!(await ctx.prompter.confirm(question, false))) {
        throw new SmsctlError('usage', t('cancel.declined'), { code: 'NOT_CONFIRMED', plain: true });
      }
    }
    const result = await provider.cancel(ref).catch((error: unknown) => {
      throw (error instanceof SmsctlError && cannotCancel(error.providerCode, ref, name, error)) || error;
    });
    const details = { sender: message.sender ?? null, scheduledAt: when && !Number.isNaN(when.getTime()) ? when.toISOString() : null, recipients: message.totalMsisdn };
    if (opts.json) return emitResult(ctx, { ...result, ...details });
    const done = { ref: result.reference };
    writeLine(ctx.stdout, result.refundedCredit === undefined ? t('cancel.done', done) : t('cancel.done_refund', { ...done, count: result.refundedCredit }));
  });
}

/** The provider's own refusal codes (ME-SMS; SEPSMS assumed the same), as sentences. */
function cannotCancel(code: string | undefined, ref: string, name: string, cause?: unknown): SmsctlError | undefined {
  const say = (sentence: string, c: string) => new SmsctlError('invalid', sentence, { code: c, cause });
  switch (code) {
    case 'ALREADY_CANCELLED':
      return say(t('cancel.already_cancelled', { ref }), 'ALREADY_CANCELLED');
    case 'ALREADY_PROCESSING':
      return say(t('cancel.already_processing', { ref, provider: name }), 'ALREADY_PROCESSING');
    case 'NOT_SCHEDULED':
      return say(t('cancel.not_scheduled', { ref }), 'NOT_SCHEDULED');
    default:
      return undefined;
  }
}

function refuseUnlessScheduled(m: MessageStatus, name: string): void {
  if (m.status === 'scheduled') return;
  const code = m.status === 'cancelled' ? 'ALREADY_CANCELLED' : m.scheduledAt ? 'ALREADY_PROCESSING' : 'NOT_SCHEDULED';
  throw cannotCancel(code, m.reference, name);
}
