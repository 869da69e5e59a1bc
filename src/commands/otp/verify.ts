import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { isInteractive } from '../../cli/context.js';
import { emitResult, writeLine } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { SmsctlError, usageError } from '../../errors.js';

export interface OtpVerifyOptions {
  token: string;
  code?: string;
  json?: boolean;
}

export function registerOtpVerify(parent: Command, ctx: Context): void {
  parent
    .command('verify')
    .description('check a code the user typed; exit 0 when verified, 10 when not')
    .requiredOption('--token <token>', 'the token printed by `otp send`')
    .option('--code <code>', 'the code (prompted for on a terminal when omitted)')
    .option('--json', 'print JSON')
    .action((opts: OtpVerifyOptions) => runOtpVerify(opts, ctx));
}

export async function runOtpVerify(opts: OtpVerifyOptions, ctx: Context): Promise<void> {
  let code = opts.code;
  if (code === undefined) {
    if (!isInteractive(ctx)) throw usageError('--code is needed when there is no terminal to ask on', 'MISSING_CODE');
    code = await ctx.prompter.input('Code:');
  }
  const pin = code.trim();
  await withSession(ctx, async ({ provider }) => {
    requireFeature(provider, 'otp', 'otp verify');
    const result = await provider.otpVerify!(opts.token, pin);
    if (!result.verified) {
      throw new SmsctlError('otp_not_verified', `not verified${result.message ? `: ${result.message}` : ''}`, { code: 'OTP_NOT_VERIFIED' });
    }
    if (opts.json) emitResult(ctx, { verified: true });
    else writeLine(ctx.stdout, 'Verified.');
  });
}
