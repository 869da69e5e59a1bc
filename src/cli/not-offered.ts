/**
 * What to use instead when a provider publishes no API for a command: a user told only
 * "not offered" is left with nowhere to go.
 */
import type { ProviderFeature, ProviderId } from '../providers/types.js';

const RUN_REPORT = '`smsctl runs show RUN --report FILE` has the outcome of each number sent from this machine';

const INSTEAD: Partial<Record<ProviderId, Partial<Record<ProviderFeature, string>>>> = {
  thaibulksms: {
    status: `delivery reports come to a callback URL or show in the ThaiBulkSMS dashboard; ${RUN_REPORT}`,
    cancel: 'cancel a scheduled ThaiBulkSMS message in its web dashboard',
  },
  mesms: {
    otp: 'use a SEPSMS or ThaiBulkSMS profile for OTPs (`smsctl profile add NAME --provider sepsms`)',
  },
};

export function insteadOf(provider: ProviderId, feature: ProviderFeature): string | undefined {
  return INSTEAD[provider]?.[feature];
}
