/**
 * What an OTP request may carry, checked against the provider's published rules before any
 * request is made, and the provider's own refusals put back in the words the user typed:
 * flags and arguments, never the API's field names.
 */
import { normalizePhone } from '../../core/phone.js';
import { SmsctlError, invalidInput, usageError } from '../../errors.js';
import type { OtpRules, Provider } from '../../providers/types.js';
import { PROVIDER_NAMES } from '../../providers/types.js';

export interface OtpSendFlags {
  sender?: string;
  template?: string;
  ttl?: number;
  length?: number;
}

/** The flag or argument behind each OTP field of every provider's wire format. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  // SEPSMS
  destination: 'NUMBER',
  origin: '--sender',
  template: '--template',
  ttlSeconds: '--ttl',
  codeLength: '--length',
  reference: 'REFERENCE',
  pin: 'CODE',
  // ThaiBulkSMS
  msisdn: 'NUMBER',
  token: 'REFERENCE',
};

/** NUMBER as 66XXXXXXXXX, or exit 3 naming it. */
export function otpNumber(raw: string): string {
  const phone = normalizePhone(raw);
  if (!phone.ok) throw invalidInput(`NUMBER "${raw}": ${phone.reason}`, 'INVALID_MSISDN');
  return phone.msisdn;
}

/** The one value of a positional argument and its flag alias; both given and different is a usage error. */
export function argOrFlag(arg: string | undefined, flag: string | undefined, argName: string, flagName: string): string | undefined {
  if (arg !== undefined && flag !== undefined && arg !== flag) {
    throw usageError(`${argName} and ${flagName} differ ("${arg}", "${flag}"): give one of them`, 'CONFLICTING_ARGUMENTS');
  }
  return arg ?? flag;
}

/** Refuses, before any request, what the provider would refuse or silently ignore. */
export function checkOtpFlags(provider: Provider, flags: OtpSendFlags): void {
  const name = PROVIDER_NAMES[provider.id];
  const rules: OtpRules = provider.capabilities.otp ?? { perRequest: false };
  if (!rules.perRequest) {
    const given = (['--sender', '--template', '--ttl', '--length'] as const).filter((f) => flags[flagKey(f)] !== undefined);
    if (given.length) {
      throw usageError(
        `${name} sets an OTP's sender, message, lifetime and length in its dashboard (the OTP app), not per request: leave out ${given.join(', ')}`,
        'OTP_SETTING_NOT_OFFERED',
      );
    }
    return;
  }
  if (flags.template !== undefined && rules.template) {
    const { required, optional } = rules.template;
    if (!flags.template.includes(required)) {
      throw invalidInput(`--template must contain ${required}, where ${name} puts the code${optional.length ? ` (it may also contain ${optional.join(', ')})` : ''}`, 'OTP_TEMPLATE_INVALID');
    }
    const allowed = new Set([required, ...optional]);
    const other = (flags.template.match(/\{[A-Za-z_]\w*\}/g) ?? []).find((p) => !allowed.has(p));
    if (other) {
      throw invalidInput(`--template: ${name} fills in only ${[...allowed].join(' and ')}; ${other} would reach the phone as it is`, 'OTP_TEMPLATE_INVALID');
    }
  }
  const range = (flag: '--ttl' | '--length', value: number | undefined, limits: { min: number; max: number } | undefined, rule: string) => {
    if (value === undefined || !limits || (value >= limits.min && value <= limits.max)) return;
    throw invalidInput(`${flag} ${value}: ${name} ${rule.replace('%', `${limits.min} to ${limits.max}`)}`, 'OTP_SETTING_OUT_OF_RANGE');
  };
  range('--ttl', flags.ttl, rules.ttlSeconds, 'codes live % seconds');
  range('--length', flags.length, rules.codeLength, 'codes have % digits');
}

function flagKey(flag: '--sender' | '--template' | '--ttl' | '--length'): keyof OtpSendFlags {
  return flag.slice(2) as keyof OtpSendFlags;
}

/**
 * A provider's refusal that names one of its fields ("ttlSeconds must be …") says which
 * flag it means; other errors pass through unchanged.
 */
export function inUserTerms(error: unknown, provider: Provider): unknown {
  if (!(error instanceof SmsctlError) || error.kind !== 'invalid' || error.providerMessage === undefined) return error;
  const field = Object.keys(FIELD_NAMES).find((f) => new RegExp(`\\b${f}\\b`, 'i').test(error.providerMessage!));
  if (!field) return error;
  const tag = `HTTP ${error.status ?? '?'}${error.providerCode ? ` ${error.providerCode}` : ''}`;
  return new SmsctlError(error.kind, `${PROVIDER_NAMES[provider.id]} refused ${FIELD_NAMES[field]}: ${JSON.stringify(error.providerMessage)} (${tag})`, {
    code: error.code,
    status: error.status,
    providerCode: error.providerCode,
    providerMessage: error.providerMessage,
  });
}

/**
 * An OTP send refused for its rate: when the next one is allowed, from Retry-After, instead
 * of a wait in a loop (SEPSMS allows 5 a minute from one IP).
 */
export function rateLimitedSend(error: unknown, provider: Provider, now: Date, formatTime: (d: Date) => string): unknown {
  if (!(error instanceof SmsctlError) || error.kind !== 'rate_limited') return error;
  const name = PROVIDER_NAMES[provider.id];
  const limit = provider.capabilities.otp?.sendsPerMinute;
  const rule = limit ? `${name} allows ${limit.limit} OTP sends a minute from one ${limit.per}` : `${name} is limiting OTP sends`;
  const wait = error.retryAfterSeconds;
  const when = wait !== undefined
    ? `the next send is allowed at ${formatTime(new Date(now.getTime() + wait * 1000))} (in ${wait} s)`
    : 'try again in a minute';
  return new SmsctlError('rate_limited', `${rule}: ${when}`, {
    code: error.code,
    status: error.status,
    providerCode: error.providerCode,
    providerMessage: error.providerMessage,
    retryAfterSeconds: wait,
  });
}
