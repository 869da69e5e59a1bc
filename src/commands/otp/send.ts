import { Option, type Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { emitResult, writeLine } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { usageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { PROVIDER_NAMES } from '../../providers/types.js';
import { positiveInt } from '../profile/add.js';
import { argOrFlag, otpNumber } from './rules.js';
import type { OtpSendFlags } from './rules.js';

export interface OtpSendOptions extends OtpSendFlags {
  /** Alias of the NUMBER argument. */
  to?: string;
  json?: boolean;
}

/** The flags `otp send` and `otp test` share. */
export function addOtpSendFlags(cmd: Command): Command {
  return cmd
    .option('--template <text>', t('otp.opt.template'))
    .option('--ttl <seconds>', t('otp.opt.ttl'), (v) => positiveInt(v, '--ttl'))
    .option('--length <digits>', t('otp.opt.length'), (v) => positiveInt(v, '--length'))
    .option('--sender <name>', t('otp.opt.sender'));
}

export function registerOtpSend(parent: Command, ctx: Context): void {
  const cmd = parent
    .command('send')
    .description(t('otp.send.description'))
    .argument('[number]', t('otp.arg.number'));
  addOtpSendFlags(cmd)
    .addOption(new Option('--to <number>', t('otp.opt.to')).hideHelp())
    .option('--json', t('otp.opt.json'))
    .action((number: string | undefined, opts: OtpSendOptions) => runOtpSend(number, opts, ctx));
}

export async function runOtpSend(number: string | undefined, opts: OtpSendOptions, ctx: Context): Promise<void> {
  const raw = argOrFlag(number, opts.to, 'NUMBER', '--to');
  if (raw === undefined) throw usageError(t('otp.send.missing_number'), 'MISSING_NUMBER');
  const msisdn = otpNumber(raw);
  await withSession(ctx, async ({ provider, profile }) => {
    requireFeature(provider, 'otp', 'otp send'); // i18n-ignore: the command's name, as typed
    const { requestOtp, sentLine } = await import('./request.js');
    const sent = await requestOtp(ctx, provider, profile, msisdn, opts);
    if (opts.json) {
      const { formatBangkok } = await import('../../core/schedule.js');
      return emitResult(ctx, {
        msisdn,
        token: sent.token,
        ...(sent.refno !== undefined && { refno: sent.refno }),
        ...(sent.expires && { expiresAt: formatBangkok(sent.expires) }),
      });
    }
    // stdout is what a script keeps: REF=$(smsctl otp send 0812345678)
    writeLine(ctx.stdout, sent.token);
    writeLine(ctx.stderr, sentLine(sent, PROVIDER_NAMES[provider.id], ctx.now()));
    const profileFlag = ctx.global.profile ? `--profile ${ctx.global.profile} ` : '';
    writeLine(ctx.stderr, t('otp.send.verify_hint', { profileFlag, token: sent.token }));
  });
}
