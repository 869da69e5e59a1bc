/**
 * A verify answer as a person reads it: why a code was not verified, in one plain sentence,
 * and the exit-10 error that carries it.
 */
import { SmsctlError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import type { OtpVerifyResult, ProviderId } from '../../providers/types.js';
import { PROVIDER_NAMES } from '../../providers/types.js';

/** In the user's language; `--json` carries `result.reason` ("wrong", "expired"…) as it is. */
export function whyNotVerified(result: OtpVerifyResult, reference: string, provider: ProviderId): string {
  const name = PROVIDER_NAMES[provider];
  switch (result.reason) {
    case 'wrong':
      return result.attemptsLeft !== undefined ? t('otp.why.wrong_left', { count: result.attemptsLeft }) : t('otp.why.wrong');
    case 'expired':
      return t('otp.why.expired');
    case 'used':
      return t('otp.why.used');
    case 'locked':
      return t('otp.why.locked');
    case 'unknown_reference':
      return t('otp.why.unknown_reference', { provider: name, reference });
    default:
      return result.message ? t('otp.why.unsaid_quoted', { provider: name, message: result.message }) : t('otp.why.unsaid', { provider: name });
  }
}

export function notVerifiedError(result: OtpVerifyResult, reference: string, provider: ProviderId): SmsctlError {
  return new SmsctlError('otp_not_verified', t('otp.not_verified', { why: whyNotVerified(result, reference, provider) }), {
    code: 'OTP_NOT_VERIFIED',
    providerMessage: result.message,
  });
}
