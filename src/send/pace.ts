import type { Profile } from '../config/profile.js';
import type { ProviderId } from '../providers/types.js';
import { DEFAULT_CONCURRENCY, DEFAULT_RATES, parseRate } from './pacing.js';
import type { Pace } from './prepare.js';

/** --rate / --concurrency, else the profile's, else the provider's published limits. */
export function paceFor(provider: ProviderId, profile: Profile, flags: { rate?: string; concurrency?: number }): Pace {
  const rate = flags.rate ? parseRate(flags.rate) : profile.rate ? parseRate(profile.rate, `profile ${profile.name} rate`) : DEFAULT_RATES[provider];
  return { rate, concurrency: flags.concurrency ?? profile.concurrency ?? DEFAULT_CONCURRENCY[provider] };
}
