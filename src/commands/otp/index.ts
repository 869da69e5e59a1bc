import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { t } from '../../i18n/index.js';
import { registerOtpSend } from './send.js';
import { registerOtpVerify } from './verify.js';
import { registerOtpTest } from './test.js';

export function registerOtp(program: Command, ctx: Context): void {
  const otp = program.command('otp').description(t('help.group.otp'));
  registerOtpSend(otp, ctx);
  registerOtpVerify(otp, ctx);
  registerOtpTest(otp, ctx);
}
