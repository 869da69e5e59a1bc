import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { isInteractive } from '../../cli/context.js';
import { emitResult, plural, writeLine } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import type { Session } from '../../cli/session.js';
import { stopError } from '../../cli/signals.js';
import { formatMs } from '../../core/duration.js';
import { SmsctlError, usageError } from '../../errors.js';
import type { OtpVerifyResult } from '../../providers/types.js';
import { PROVIDER_NAMES } from '../../providers/types.js';
import { positiveInt } from '../profile/add.js';
import { addOtpSendFlags } from './send.js';
import { argOrFlag, otpNumber } from './rules.js';
import type { OtpSendFlags } from './rules.js';
import type { SentOtp } from './request.js';

export interface OtpTestOptions extends OtpSendFlags {
  auto?: boolean;
  attempts: number;
  to?: string;
  json?: boolean;
}

export function registerOtpTest(parent: Command, ctx: Context): void {
  const cmd = parent
    .command('test')
    .description('the whole OTP path at a terminal: send a code, type it, verify it, with a countdown and timings')
    .argument('[number]', 'the phone to send the code to (any Thai format)');
  addOtpSendFlags(cmd)
    .option('--attempts <n>', 'codes you may type for one OTP before the check fails', (v) => positiveInt(v, '--attempts'), 3)
    .option('--auto', "sandbox profiles: read the code from the sandbox's inbox, no terminal needed (CI)")
    .option('--json', 'print JSON (with --auto)')
    .action((number: string | undefined, opts: OtpTestOptions) => runOtpTest(number, opts, ctx));
}

export async function runOtpTest(number: string | undefined, opts: OtpTestOptions, ctx: Context): Promise<void> {
  const raw = argOrFlag(number, opts.to, 'NUMBER', '--to');
  if (raw === undefined) throw usageError('otp test needs the NUMBER to send the code to, e.g. smsctl otp test 0812345678', 'MISSING_NUMBER');
  const msisdn = otpNumber(raw);
  if (opts.json && !opts.auto) throw usageError('--json goes with --auto: the interactive check is for a person at a terminal', 'JSON_NEEDS_AUTO');
  if (!opts.auto && !isInteractive(ctx)) {
    throw usageError(
      'otp test asks for the code at a terminal, and there is none: in a script, run `smsctl otp send NUMBER` then `smsctl otp verify REFERENCE CODE` (or, on a sandbox profile, `smsctl otp test NUMBER --auto`)',
      'NO_TERMINAL',
    );
  }
  await withSession(ctx, async (session) => {
    requireFeature(session.provider, 'otp', 'otp test');
    if (opts.auto) return auto(ctx, session, msisdn, opts);
    return interactive(ctx, session, msisdn, opts);
  });
}

interface Timings {
  sendMs: number;
  verifyMs?: number;
  sentAt: number;
  verifiedAt?: number;
}

function timingLine(t: Timings): string {
  const verify = t.verifyMs === undefined ? 'no code verified' : `verify ${formatMs(t.verifyMs)}`;
  const whole = t.verifiedAt === undefined ? '' : `; ${formatMs(t.verifiedAt - t.sentAt)} from send to verified`;
  return `Timing: send ${formatMs(t.sendMs)}, ${verify}${whole}.`;
}

async function auto(ctx: Context, { provider, profile, sandboxUrl }: Session, msisdn: string, opts: OtpTestOptions): Promise<void> {
  if (!profile.sandbox || !sandboxUrl) {
    throw usageError(
      `--auto reads the code from the sandbox's inbox, and profile ${profile.name} is a real ${PROVIDER_NAMES[provider.id]} account: use \`smsctl otp send NUMBER\` and \`smsctl otp verify REFERENCE CODE\` with the code the phone received`,
      'AUTO_NEEDS_SANDBOX',
    );
  }
  const { requestOtp } = await import('./request.js');
  const { codeFromInbox } = await import('./auto.js');
  const { notVerifiedError } = await import('./outcome.js');
  const { formatBangkok } = await import('../../core/schedule.js');
  // The sandbox's inbox timestamps are whole milliseconds of its clock; a second of slack.
  const since = new Date(ctx.now().getTime() - 1000);
  const sent = await requestOtp(ctx, provider, profile, msisdn, opts);
  const sentAt = performance.now() - sent.sendMs;
  const code = await codeFromInbox(sandboxUrl, sent, since, opts.length, ctx.signal);
  const started = performance.now();
  const result = await provider.otpVerify!(sent.token, code, ctx.signal);
  const t: Timings = { sendMs: sent.sendMs, verifyMs: performance.now() - started, sentAt, verifiedAt: result.verified ? performance.now() : undefined };
  emitResult(ctx, {
    msisdn,
    token: sent.token,
    ...(sent.refno !== undefined && { refno: sent.refno }),
    ...(sent.expires && { expiresAt: formatBangkok(sent.expires) }),
    verified: result.verified,
    ...(result.reason && { reason: result.reason }),
    timings: { sendMs: Math.round(t.sendMs), verifyMs: Math.round(t.verifyMs!) },
  });
  if (!opts.json) {
    const { sentLine } = await import('./request.js');
    writeLine(ctx.stderr, sentLine(sent, PROVIDER_NAMES[provider.id], ctx.now()));
    writeLine(ctx.stderr, `Read the code from the sandbox's inbox (${code.length} digits).`);
    writeLine(ctx.stderr, timingLine(t));
  }
  if (!result.verified) throw notVerifiedError(result, sent.token, provider.id);
  if (!opts.json) writeLine(ctx.stdout, 'Verified: the whole OTP path works.');
}

async function interactive(ctx: Context, { provider, profile, sandboxUrl }: Session, msisdn: string, opts: OtpTestOptions): Promise<void> {
  const { requestOtp, sentLine, clock } = await import('./request.js');
  const { whyNotVerified } = await import('./outcome.js');
  const { formatBangkokTime } = await import('../../core/schedule.js');
  const name = PROVIDER_NAMES[provider.id];
  const say = (line: string) => writeLine(ctx.stderr, line);
  const verdict = (line: string, t: Timings | undefined, failed = true) => {
    if (t) say(timingLine(t));
    if (!failed) return writeLine(ctx.stdout, line);
    throw new SmsctlError('otp_not_verified', line, { code: 'OTP_NOT_VERIFIED', plain: true });
  };

  const send = async (): Promise<{ sent: SentOtp; t: Timings }> => {
    for (;;) {
      try {
        const sent = await requestOtp(ctx, provider, profile, msisdn, opts);
        say(sentLine(sent, name, ctx.now()));
        return { sent, t: { sendMs: sent.sendMs, sentAt: performance.now() - sent.sendMs } };
      } catch (error) {
        if (!(error instanceof SmsctlError) || error.kind !== 'rate_limited' || error.retryAfterSeconds === undefined) throw error;
        say(error.message);
        if (!(await ask(() => ctx.prompter.confirm(`Wait ${error.retryAfterSeconds} s and send then?`, true)))) throw error;
        await sleep(error.retryAfterSeconds * 1000, ctx.signal);
      }
    }
  };

  if (profile.sandbox) {
    const url = profile.baseUrl ? ` --url ${sandboxUrl}` : '';
    say(`Sandbox profile: the code goes to the sandbox's inbox — in another terminal: smsctl sandbox inbox --msisdn ${msisdn.replace(/^66/, '0')}${url}`);
  }
  let { sent, t } = await send();
  let wrong = 0;
  for (;;) {
    const expires = sent.expires;
    const shown = sent.refno ?? sent.token;
    const typed = await ask(() =>
      ctx.prompter.code(`Code (ref ${shown}):`, {
        status: () => (expires ? `expires in ${clock(expires.getTime() - Date.now())}` : `sent ${clock(performance.now() - t.sentAt)} ago`),
        deadline: expires?.getTime(),
        expiredText: 'expired',
      }),
    );
    let result: OtpVerifyResult;
    if (typed === undefined) {
      result = { verified: false, reason: 'expired' };
      say(`The code expired at ${formatBangkokTime(expires!)}.`);
    } else {
      const started = performance.now();
      const { inUserTerms } = await import('./rules.js');
      result = await provider.otpVerify!(sent.token, typed, ctx.signal).catch((error: unknown) => {
        throw inUserTerms(error, provider);
      });
      t = { ...t, verifyMs: performance.now() - started };
      if (result.verified) return verdict(`Verified: the code for ${msisdn} (ref ${shown}) checks out — the whole OTP path works.`, { ...t, verifiedAt: performance.now() }, false);
    }
    const why = whyNotVerified(result, sent.token, provider.id);
    if (result.reason === 'wrong') {
      wrong++;
      if (wrong >= opts.attempts) return verdict(`Not verified: ${plural(wrong, 'wrong code')} (--attempts ${opts.attempts}).`, t);
      const left = opts.attempts - wrong;
      const next = await ask(() =>
        ctx.prompter.choose(`Wrong code. ${plural(left, 'try', 'tries')} left:`, [
          { value: 'retry', name: 'Type it again' },
          { value: 'resend', name: 'Send a new code' },
          { value: 'stop', name: 'Stop here' },
        ] as const),
      );
      if (next === 'retry') continue;
      if (next === 'stop') return verdict(`Not verified: ${why}.`, t);
    } else if (result.reason === 'expired' || result.reason === 'locked') {
      if (typed !== undefined) say(`Not verified: ${why}.`);
      if (!(await ask(() => ctx.prompter.confirm('Send a new code?', true)))) return verdict(`Not verified: ${why}.`, t);
    } else {
      return verdict(`Not verified: ${why}.`, t);
    }
    ({ sent, t } = await send());
    wrong = 0;
  }
}

/** Ctrl-C at a prompt: a code went out, so "nothing was done" would not be true. */
async function ask<T>(prompt: () => Promise<T>): Promise<T> {
  try {
    return await prompt();
  } catch (error) {
    if (error instanceof SmsctlError && error.code === 'PROMPT_CANCELLED') {
      throw new SmsctlError('interrupted', 'Stopped; the code was not verified.', { code: 'PROMPT_CANCELLED', plain: true });
    }
    throw error;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(stopError(signal, 'the code was not verified'));
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(stopError(signal, 'the code was not verified'))), { once: true });
  });
}
