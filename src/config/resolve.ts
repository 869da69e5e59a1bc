/**
 * Which credentials a command uses: --profile > SMSCTL_PROFILE > an environment-only
 * profile (SMSCTL_PROVIDER set; what cron and CI use) > the default profile.
 */
import { SmsctlError } from '../errors.js';
import { t } from '../i18n/index.js';
import { PROVIDER_IDS, type ProviderId } from '../providers/types.js';
import { checkBaseUrl } from './base-url.js';
import type { Profile } from './profile.js';

/** The name shown for credentials that come from SMSCTL_* variables rather than a stored profile. */
export const ENV_PROFILE_NAME = '(environment)';

export type ProfileSource = 'flag' | 'SMSCTL_PROFILE' | 'environment' | 'default';

export interface ResolvedProfile {
  profile: Profile;
  source: ProfileSource;
}

export interface ProfileLookup {
  get(name: string): Profile | undefined;
  list(): Profile[];
  defaultName(): string | undefined;
}

/** How to get credentials at all; ends every "no credentials" error. */
const addHint = (): string => t('config.add_hint');

export function parseProviderId(value: string, where: string): ProviderId {
  const id = value.trim().toLowerCase().replace(/[-_\s]/g, '');
  if ((PROVIDER_IDS as readonly string[]).includes(id)) return id as ProviderId;
  throw new SmsctlError('usage', t('config.unknown_provider', { where, value, list: PROVIDER_IDS.join(', ') }), {
    code: 'UNKNOWN_PROVIDER',
  });
}

export function profileFromEnv(env: NodeJS.ProcessEnv): Profile | undefined {
  if (!env.SMSCTL_PROVIDER) return undefined;
  const provider = parseProviderId(env.SMSCTL_PROVIDER, 'SMSCTL_PROVIDER');
  const profile: Profile = { name: ENV_PROFILE_NAME, provider };
  if (env.SMSCTL_API_KEY) profile.apiKey = env.SMSCTL_API_KEY;
  if (env.SMSCTL_API_SECRET) profile.apiSecret = env.SMSCTL_API_SECRET;
  if (env.SMSCTL_OTP_KEY) profile.otpKey = env.SMSCTL_OTP_KEY;
  if (env.SMSCTL_OTP_SECRET) profile.otpSecret = env.SMSCTL_OTP_SECRET;
  if (env.SMSCTL_SENDER) profile.sender = env.SMSCTL_SENDER;
  if (env.SMSCTL_BASE_URL) profile.baseUrl = checkBaseUrl(env.SMSCTL_BASE_URL, 'SMSCTL_BASE_URL');
  if (env.SMSCTL_OTP_BASE_URL) profile.otpBaseUrl = checkBaseUrl(env.SMSCTL_OTP_BASE_URL, 'SMSCTL_OTP_BASE_URL');
  if (!profile.apiKey) {
    throw new SmsctlError('auth', t('config.env_no_key', { hint: addHint() }), {
      code: 'CREDENTIALS_MISSING',
    });
  }
  if (provider === 'thaibulksms' && !profile.apiSecret) {
    throw new SmsctlError('auth', t('config.env_no_secret'), {
      code: 'CREDENTIALS_MISSING',
    });
  }
  return profile;
}

/**
 * A stored profile's URLs get the same https-unless-loopback check as --base-url: the
 * config file may have been edited by hand. Returns the profile; throws exit 2 naming the fix.
 */
export function checkStoredProfile(profile: Profile): Profile {
  if (profile.builtIn) return profile;
  for (const [field, flag] of [['baseUrl', '--base-url'], ['otpBaseUrl', '--otp-base-url']] as const) {
    const value: unknown = profile[field];
    if (value === undefined || value === null) continue;
    try {
      checkBaseUrl(String(value), t('config.stored_url_where', { name: profile.name, field }));
    } catch (error) {
      if (!(error instanceof SmsctlError)) throw error;
      throw new SmsctlError('usage', t('config.stored_url_fix', { message: error.message, name: profile.name, flag }), { code: error.code });
    }
  }
  return profile;
}

export function resolveProfile(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  store: () => ProfileLookup,
): ResolvedProfile {
  const named = flag ?? env.SMSCTL_PROFILE;
  if (named !== undefined) {
    const lookup = store();
    const profile = lookup.get(named);
    if (!profile) {
      const known = lookup.list().map((p) => p.name).join(', ');
      const source = flag !== undefined ? '--profile' : 'SMSCTL_PROFILE';
      throw new SmsctlError('usage', t('config.profile_not_found', { name: named, source, list: known, hint: addHint() }), { code: 'PROFILE_NOT_FOUND' });
    }
    return { profile: checkStoredProfile(profile), source: flag !== undefined ? 'flag' : 'SMSCTL_PROFILE' };
  }
  const fromEnv = profileFromEnv(env);
  if (fromEnv) return { profile: fromEnv, source: 'environment' };
  const lookup = store();
  const defaultName = lookup.defaultName();
  const profile = defaultName ? lookup.get(defaultName) : undefined;
  if (!profile) {
    throw new SmsctlError('auth', t('config.no_credentials', { hint: addHint() }), {
      code: 'CREDENTIALS_MISSING',
    });
  }
  return { profile: checkStoredProfile(profile), source: 'default' };
}
