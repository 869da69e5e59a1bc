import { Option, type Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { isInteractive } from '../../cli/context.js';
import { emitResult, writeLine } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { usageError } from '../../errors.js';
import { argOrFlag } from './rules.js';

export interface OtpVerifyOptions {
  /** Aliases of the REFERENCE and CODE arguments. */
  token?: string;
  code?: string;
  json?: boolean;
}

export function registerOtpVerify(parent: Command, ctx: Context): void {
  parent
    .command('verify')
    .description('check a code the user typed; exit 0 when verified, 10 when not (and why)')
    .argument('[reference]', 'what `otp send` printed (SEPSMS reference, ThaiBulkSMS token)')
    .argument('[code]', 'the code from the SMS (asked for, masked, on a terminal when left out)')
    .addOption(new Option('--token <reference>', 'same as REFERENCE').hideHelp())
    .addOption(new Option('--code <code>', 'same as CODE').hideHelp())
    .option('--json', 'print JSON')
    .action((reference: string | undefined, code: string | undefined, opts: OtpVerifyOptions) => runOtpVerify(reference, code, opts, ctx));
}

export async function runOtpVerify(referenceArg: string | undefined, codeArg: string | undefined, opts: OtpVerifyOptions, ctx: Context): Promise<void> {
  const reference = argOrFlag(referenceArg, opts.token, 'REFERENCE', '--token')?.trim();
  if (!reference) throw usageError('otp verify needs the REFERENCE that `otp send` printed: smsctl otp verify REFERENCE CODE', 'MISSING_REFERENCE');
  let code = argOrFlag(codeArg, opts.code, 'CODE', '--code');
  if (code !== undefined) {
    code = code.replace(/\s+/g, '');
    // An empty pin would reach the provider as a 400 about its own field name.
    if (code === '') throw usageError('CODE is empty: give the code from the SMS', 'EMPTY_CODE');
  }
  if (code === undefined && !isInteractive(ctx)) {
    throw usageError('CODE is needed when there is no terminal to ask on: smsctl otp verify REFERENCE CODE', 'MISSING_CODE');
  }
  await withSession(ctx, async ({ provider }) => {
    requireFeature(provider, 'otp', 'otp verify');
    code ??= await ctx.prompter.code('Code from the SMS:');
    const { inUserTerms } = await import('./rules.js');
    const { notVerifiedError } = await import('./outcome.js');
    const result = await provider.otpVerify(reference, code!, ctx.signal).catch((error: unknown) => {
      throw inUserTerms(error, provider);
    });
    if (!result.verified) {
      emitResult(ctx, { reference, verified: false, ...(result.reason && { reason: result.reason }) });
      throw notVerifiedError(result, reference, provider.id);
    }
    if (opts.json) emitResult(ctx, { reference, verified: true });
    else writeLine(ctx.stdout, 'Verified.');
  });
}
