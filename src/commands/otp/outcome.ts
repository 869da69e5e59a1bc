/**
 * A verify answer as a person reads it: why a code was not verified, in one plain sentence,
 * and the exit-10 error that carries it.
 */
import { plural } from '../../cli/output.js';
import { SmsctlError } from '../../errors.js';
import type { OtpVerifyResult, ProviderId } from '../../providers/types.js';
import { PROVIDER_NAMES } from '../../providers/types.js';

export function whyNotVerified(result: OtpVerifyResult, reference: string, provider: ProviderId): string {
  switch (result.reason) {
    case 'wrong':
      return `the code is wrong${result.attemptsLeft !== undefined ? ` (${plural(result.attemptsLeft, 'more try', 'more tries')} before this code stops working)` : ''}`;
    case 'expired':
      return 'the code has expired; send a new one';
    case 'used':
      return 'the code was already used (a code verifies once)';
    case 'locked':
      return 'too many wrong codes: this code no longer works; send a new one';
    case 'unknown_reference':
      return `${PROVIDER_NAMES[provider]} knows no OTP with the reference ${reference}`;
    default:
      return `${PROVIDER_NAMES[provider]} did not say why${result.message ? ` ("${result.message}")` : ''}`;
  }
}

export function notVerifiedError(result: OtpVerifyResult, reference: string, provider: ProviderId): SmsctlError {
  return new SmsctlError('otp_not_verified', `not verified: ${whyNotVerified(result, reference, provider)}`, {
    code: 'OTP_NOT_VERIFIED',
    providerMessage: result.message,
  });
}
