import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { isInteractive } from '../../cli/context.js';
import { emitResult, writeLine } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import type { Session } from '../../cli/session.js';
import { stopError } from '../../cli/signals.js';
import { formatMs } from '../../core/duration.js';
import { SmsctlError, usageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
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
    .description(t('otp.test.description'))
    .argument('[number]', t('otp.arg.number'));
  addOtpSendFlags(cmd)
    .option('--attempts <n>', t('otp.opt.attempts'), (v) => positiveInt(v, '--attempts'), 3)
    .option('--auto', t('otp.opt.auto'))
    .option('--json', t('otp.opt.json_auto'))
    .action((number: string | undefined, opts: OtpTestOptions) => runOtpTest(number, opts, ctx));
}

export async function runOtpTest(number: string | undefined, opts: OtpTestOptions, ctx: Context): Promise<void> {
  const raw = argOrFlag(number, opts.to, 'NUMBER', '--to');
  if (raw === undefined) throw usageError(t('otp.test.missing_number'), 'MISSING_NUMBER');
  const msisdn = otpNumber(raw);
  if (opts.json && !opts.auto) throw usageError(t('otp.test.json_needs_auto'), 'JSON_NEEDS_AUTO');
  if (!opts.auto && !isInteractive(ctx)) throw usageError(t('otp.test.no_terminal'), 'NO_TERMINAL');
  await withSession(ctx, async (session) => {
    requireFeature(session.provider, 'otp', 'otp test'); // i18n-ignore: the command's name, as typed
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

function timingLine(times: Timings): string {
  const send = formatMs(times.sendMs);
  if (times.verifyMs === undefined) return t('otp.timing.unverified', { send });
  const verify = formatMs(times.verifyMs);
  if (times.verifiedAt === undefined) return t('otp.timing.verify_only', { send, verify });
  return t('otp.timing.verified', { send, verify, whole: formatMs(times.verifiedAt - times.sentAt) });
}

async function auto(ctx: Context, { provider, profile, sandboxUrl }: Session, msisdn: string, opts: OtpTestOptions): Promise<void> {
  if (!profile.sandbox || !sandboxUrl) {
    throw usageError(t('otp.test.auto_needs_sandbox', { profile: profile.name, provider: PROVIDER_NAMES[provider.id] }), 'AUTO_NEEDS_SANDBOX');
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
  const times: Timings = { sendMs: sent.sendMs, verifyMs: performance.now() - started, sentAt, verifiedAt: result.verified ? performance.now() : undefined };
  emitResult(ctx, {
    msisdn,
    token: sent.token,
    ...(sent.refno !== undefined && { refno: sent.refno }),
    ...(sent.expires && { expiresAt: formatBangkok(sent.expires) }),
    verified: result.verified,
    ...(result.reason && { reason: result.reason }),
    timings: { sendMs: Math.round(times.sendMs), verifyMs: Math.round(times.verifyMs!) },
  });
  if (!opts.json) {
    const { sentLine } = await import('./request.js');
    writeLine(ctx.stderr, sentLine(sent, PROVIDER_NAMES[provider.id], ctx.now()));
    writeLine(ctx.stderr, t('otp.auto.read', { count: code.length }));
    writeLine(ctx.stderr, timingLine(times));
  }
  if (!result.verified) throw notVerifiedError(result, sent.token, provider.id);
  if (!opts.json) writeLine(ctx.stdout, t('otp.auto.verified'));
}

async function interactive(ctx: Context, { provider, profile, sandboxUrl }: Session, msisdn: string, opts: OtpTestOptions): Promise<void> {
  const { requestOtp, sentLine, clock } = await import('./request.js');
  const { whyNotVerified } = await import('./outcome.js');
  const { formatTime } = await import('../../i18n/dates.js');
  const name = PROVIDER_NAMES[provider.id];
  const say = (line: string) => writeLine(ctx.stderr, line);
  const verdict = (line: string, times: Timings | undefined, failed = true) => {
    if (times) say(timingLine(times));
    if (!failed) return writeLine(ctx.stdout, line);
    throw new SmsctlError('otp_not_verified', line, { code: 'OTP_NOT_VERIFIED', plain: true });
  };

  const send = async (): Promise<{ sent: SentOtp; times: Timings }> => {
    for (;;) {
      try {
        const sent = await requestOtp(ctx, provider, profile, msisdn, opts);
        say(sentLine(sent, name, ctx.now()));
        return { sent, times: { sendMs: sent.sendMs, sentAt: performance.now() - sent.sendMs } };
      } catch (error) {
        if (!(error instanceof SmsctlError) || error.kind !== 'rate_limited' || error.retryAfterSeconds === undefined) throw error;
        say(error.message);
        if (!(await ask(() => ctx.prompter.confirm(t('otp.test.wait_confirm', { seconds: error.retryAfterSeconds! }), true)))) throw error;
        await sleep(error.retryAfterSeconds * 1000, ctx.signal);
      }
    }
  };

  if (profile.sandbox) {
    const url = profile.baseUrl ? ` --url ${sandboxUrl}` : '';
    say(t('otp.test.sandbox_note', { number: msisdn.replace(/^66/, '0'), url }));
  }
  let { sent, times } = await send();
  let wrong = 0;
  for (;;) {
    const expires = sent.expires;
    const shown = sent.refno ?? sent.token;
    const typed = await ask(() =>
      ctx.prompter.code(t('otp.test.prompt', { ref: shown }), {
        status: () => (expires ? t('otp.test.expires_in', { left: clock(expires.getTime() - Date.now()) }) : t('otp.test.sent_ago', { ago: clock(performance.now() - times.sentAt) })),
        deadline: expires?.getTime(),
        expiredText: t('otp.test.expired_status'),
      }),
    );
    let result: OtpVerifyResult;
    if (typed === undefined) {
      result = { verified: false, reason: 'expired' };
      say(t('otp.test.expired_at', { time: formatTime(expires!) }));
    } else {
      const started = performance.now();
      const { inUserTerms } = await import('./rules.js');
      result = await provider.otpVerify!(sent.token, typed, ctx.signal).catch((error: unknown) => {
        throw inUserTerms(error, provider);
      });
      times = { ...times, verifyMs: performance.now() - started };
      if (result.verified) return verdict(t('otp.test.verified', { msisdn, ref: shown }), { ...times, verifiedAt: performance.now() }, false);
    }
    const notVerified = t('otp.test.not_verified', { why: whyNotVerified(result, sent.token, provider.id) });
    if (result.reason === 'wrong') {
      wrong++;
      if (wrong >= opts.attempts) return verdict(t('otp.test.too_many_wrong', { count: wrong, attempts: opts.attempts }), times);
      const left = opts.attempts - wrong;
      const next = await ask(() =>
        ctx.prompter.choose(t('otp.test.wrong_choose', { count: left }), [
          { value: 'retry', name: t('otp.test.retry') },
          { value: 'resend', name: t('otp.test.resend') },
          { value: 'stop', name: t('otp.test.stop') },
        ] as const),
      );
      if (next === 'retry') continue;
      if (next === 'stop') return verdict(notVerified, times);
    } else if (result.reason === 'expired' || result.reason === 'locked') {
      if (typed !== undefined) say(notVerified);
      if (!(await ask(() => ctx.prompter.confirm(t('otp.test.resend_confirm'), true)))) return verdict(notVerified, times);
    } else {
      return verdict(notVerified, times);
    }
    ({ sent, times } = await send());
    wrong = 0;
  }
}

/** Ctrl-C at a prompt: a code went out, so "nothing was done" would not be true. */
async function ask<T>(prompt: () => Promise<T>): Promise<T> {
  try {
    return await prompt();
  } catch (error) {
    if (error instanceof SmsctlError && error.code === 'PROMPT_CANCELLED') {
      throw new SmsctlError('interrupted', t('otp.test.stopped'), { code: 'PROMPT_CANCELLED', plain: true });
    }
    throw error;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(stopError(signal, t('otp.test.stop_detail')));
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(stopError(signal, t('otp.test.stop_detail')))), { once: true });
  });
}
