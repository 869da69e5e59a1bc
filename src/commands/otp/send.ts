import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { emitResult, writeLine } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { normalizePhone } from '../../core/phone.js';
import { invalidInput } from '../../errors.js';
import { positiveInt } from '../profile/add.js';

export interface OtpSendOptions {
  to: string;
  sender?: string;
  template?: string;
  ttl?: number;
  length?: number;
  json?: boolean;
}

export function registerOtpSend(parent: Command, ctx: Context): void {
  parent
    .command('send')
    .description('send a one-time code; prints the token that `otp verify` needs')
    .requiredOption('--to <number>', 'the phone to send the code to')
    .option('--sender <name>', 'sender name (SEPSMS)')
    .option('--template <text>', 'message with {code} and optionally {ref} (SEPSMS)')
    .option('--ttl <seconds>', 'code lifetime, 60-600 (SEPSMS)', (v) => positiveInt(v, '--ttl'))
    .option('--length <digits>', 'code length, 4-8 (SEPSMS)', (v) => positiveInt(v, '--length'))
    .option('--json', 'print JSON')
    .action((opts: OtpSendOptions) => runOtpSend(opts, ctx));
}

export async function runOtpSend(opts: OtpSendOptions, ctx: Context): Promise<void> {
  const phone = normalizePhone(opts.to);
  if (!phone.ok) throw invalidInput(`--to "${opts.to}": ${phone.reason}`, 'INVALID_MSISDN');
  await withSession(ctx, async ({ provider, profile }) => {
    requireFeature(provider, 'otp', 'otp send');
    const result = await provider.otpSend!({
      msisdn: phone.msisdn,
      sender: opts.sender ?? profile.sender,
      template: opts.template,
      ttlSeconds: opts.ttl,
      codeLength: opts.length,
    });
    const { formatBangkok, formatBangkokTime } = await import('../../core/schedule.js');
    const expires = result.expiresAt ? new Date(result.expiresAt) : undefined;
    const valid = expires && !Number.isNaN(expires.getTime()) ? expires : undefined;
    if (opts.json) return emitResult(ctx, { ...result, ...(valid && { expiresAt: formatBangkok(valid) }) });
    writeLine(ctx.stdout, result.token);
    const profileFlag = ctx.global.profile ? `--profile ${ctx.global.profile} ` : '';
    writeLine(ctx.stderr, `Code sent${result.refno ? ` (ref ${result.refno})` : ''}${valid ? `, expires ${formatBangkokTime(valid)}` : ''}. Verify: smsctl ${profileFlag}otp verify --token ${result.token} --code CODE`);
  });
}
