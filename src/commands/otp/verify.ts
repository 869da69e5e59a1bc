import { Option, type Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { isInteractive } from '../../cli/context.js';
import { emitResult, writeLine } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { usageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
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
    .description(t('otp.verify.description'))
    .argument('[reference]', t('otp.arg.reference'))
    .argument('[code]', t('otp.arg.code'))
    .addOption(new Option('--token <reference>', t('otp.opt.token')).hideHelp())
    .addOption(new Option('--code <code>', t('otp.opt.code')).hideHelp())
    .option('--json', t('otp.opt.json'))
    .action((reference: string | undefined, code: string | undefined, opts: OtpVerifyOptions) => runOtpVerify(reference, code, opts, ctx));
}

export async function runOtpVerify(referenceArg: string | undefined, codeArg: string | undefined, opts: OtpVerifyOptions, ctx: Context): Promise<void> {
  const reference = argOrFlag(referenceArg, opts.token, 'REFERENCE', '--token')?.trim();
  if (!reference) throw usageError(t('otp.verify.missing_reference'), 'MISSING_REFERENCE');
  let code = argOrFlag(codeArg, opts.code, 'CODE', '--code');
  if (code !== undefined) {
    code = code.replace(/\s+/g, '');
    // An empty pin would reach the provider as a 400 about its own field name.
    if (code === '') throw usageError(t('otp.verify.empty_code'), 'EMPTY_CODE');
  }
  if (code === undefined && !isInteractive(ctx)) {
    throw usageError(t('otp.verify.missing_code'), 'MISSING_CODE');
  }
  await withSession(ctx, async ({ provider }) => {
    requireFeature(provider, 'otp', 'otp verify'); // i18n-ignore: the command's name, as typed
    code ??= await ctx.prompter.code(t('otp.verify.prompt'));
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
    else writeLine(ctx.stdout, t('otp.verify.verified'));
  });
}
