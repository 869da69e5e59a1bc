import { Option, type Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { emitResult, writeLine } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { usageError } from '../../errors.js';
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
    .option('--template <text>', 'the SMS, with {code} and optionally {ref} (SEPSMS; default: the provider\'s)')
    .option('--ttl <seconds>', 'how long the code lives, 60-600 (SEPSMS; default 300)', (v) => positiveInt(v, '--ttl'))
    .option('--length <digits>', 'digits in the code, 4-8 (SEPSMS)', (v) => positiveInt(v, '--length'))
    .option('--sender <name>', 'sender name (SEPSMS; default: the profile\'s)');
}

export function registerOtpSend(parent: Command, ctx: Context): void {
  const cmd = parent
    .command('send')
    .description('send a one-time code; prints the reference that `otp verify` needs (never the code)')
    .argument('[number]', 'the phone to send the code to (any Thai format)');
  addOtpSendFlags(cmd)
    .addOption(new Option('--to <number>', 'same as NUMBER').hideHelp())
    .option('--json', 'print JSON')
    .action((number: string | undefined, opts: OtpSendOptions) => runOtpSend(number, opts, ctx));
}

export async function runOtpSend(number: string | undefined, opts: OtpSendOptions, ctx: Context): Promise<void> {
  const raw = argOrFlag(number, opts.to, 'NUMBER', '--to');
  if (raw === undefined) throw usageError('otp send needs the NUMBER to send the code to, e.g. smsctl otp send 0812345678', 'MISSING_NUMBER');
  const msisdn = otpNumber(raw);
  await withSession(ctx, async ({ provider, profile }) => {
    requireFeature(provider, 'otp', 'otp send');
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
    writeLine(ctx.stderr, `Verify: smsctl ${profileFlag}otp verify ${sent.token} CODE`);
  });
}
