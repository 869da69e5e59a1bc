/**
 * One OTP send, as `otp send` and `otp test` both make it: the flags checked against the
 * provider's rules first, the provider's refusals in the user's terms, a 429 told as when
 * the next send is allowed.
 */
import type { Context } from '../../cli/context.js';
import type { Profile } from '../../config/profile.js';
import { t } from '../../i18n/index.js';
import { formatTime } from '../../i18n/dates.js';
import type { OtpSendResult, Provider } from '../../providers/types.js';
import { checkOtpFlags, inUserTerms, rateLimitedSend } from './rules.js';
import type { OtpSendFlags } from './rules.js';

export interface SentOtp extends OtpSendResult {
  msisdn: string;
  /** When the provider says; ThaiBulkSMS does not. */
  expires?: Date;
  /** Milliseconds the send took. */
  sendMs: number;
}

export async function requestOtp(ctx: Context, provider: Provider, profile: Profile, msisdn: string, flags: OtpSendFlags): Promise<SentOtp> {
  checkOtpFlags(provider, flags);
  const perRequest = provider.capabilities.otp?.perRequest ?? false;
  const started = performance.now();
  let result: OtpSendResult;
  try {
    result = await provider.otpSend!(
      {
        msisdn,
        // ThaiBulkSMS takes none of these: its OTP app's settings apply.
        sender: perRequest ? (flags.sender ?? profile.sender) : undefined,
        template: flags.template,
        ttlSeconds: flags.ttl,
        codeLength: flags.length,
      },
      ctx.signal,
    );
  } catch (error) {
    throw rateLimitedSend(inUserTerms(error, provider), provider, ctx.now(), formatTime);
  }
  const sendMs = performance.now() - started;
  const at = result.expiresAt ? new Date(result.expiresAt) : undefined;
  const expires = at && !Number.isNaN(at.getTime()) ? at : undefined;
  return { ...result, msisdn, expires, sendMs };
}

/** "4:32": minutes and seconds left (never negative). */
export function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The line after a send: where it went, the reference the SMS shows, when it expires. */
export function sentLine(sent: SentOtp, providerName: string, now: Date): string {
  const ref = sent.refno && sent.refno !== sent.token ? t('otp.sent.ref_token', { refno: sent.refno, token: sent.token }) : t('otp.sent.ref', { token: sent.token });
  const expiry = sent.expires
    ? t('otp.sent.expires', { time: formatTime(sent.expires), left: clock(sent.expires.getTime() - now.getTime()) })
    : t('otp.sent.no_expiry', { provider: providerName });
  return t('otp.sent.line', { msisdn: sent.msisdn, ref, expiry });
}
