/**
 * What an OTP request may carry, checked against the provider's published rules before any
 * request is made, and the provider's own refusals put back in the words the user typed:
 * flags and arguments, never the API's field names.
 */
import { normalizePhone } from '../../core/phone.js';
import { SmsctlError, invalidInput, usageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
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
    throw usageError(t('otp.conflict', { arg: argName, flag: flagName, argValue: arg, flagValue: flag }), 'CONFLICTING_ARGUMENTS');
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
      throw usageError(t('otp.rules.per_request_only', { provider: name, flags: given.join(', ') }), 'OTP_SETTING_NOT_OFFERED');
    }
    return;
  }
  if (flags.template !== undefined && rules.template) {
    const { required, optional } = rules.template;
    if (!flags.template.includes(required)) {
      const message = optional.length
        ? t('otp.rules.template_missing_optional', { required, provider: name, optional: optional.join(', ') })
        : t('otp.rules.template_missing', { required, provider: name });
      throw invalidInput(message, 'OTP_TEMPLATE_INVALID');
    }
    const allowed = new Set([required, ...optional]);
    const other = (flags.template.match(/\{[A-Za-z_]\w*\}/g) ?? []).find((p) => !allowed.has(p));
    if (other) {
      throw invalidInput(t('otp.rules.template_other', { provider: name, allowed: [...allowed].join(t('otp.rules.and')), other }), 'OTP_TEMPLATE_INVALID');
    }
  }
  const range = (value: number | undefined, limits: { min: number; max: number } | undefined, rule: 'otp.rules.ttl_range' | 'otp.rules.length_range') => {
    if (value === undefined || !limits || (value >= limits.min && value <= limits.max)) return;
    throw invalidInput(t(rule, { value, provider: name, min: limits.min, max: limits.max }), 'OTP_SETTING_OUT_OF_RANGE');
  };
  range(flags.ttl, rules.ttlSeconds, 'otp.rules.ttl_range');
  range(flags.length, rules.codeLength, 'otp.rules.length_range');
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
  const message = t('otp.refused', { provider: PROVIDER_NAMES[provider.id], field: FIELD_NAMES[field]!, message: JSON.stringify(error.providerMessage), tag });
  return new SmsctlError(error.kind, message, {
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
  const rule = limit ? t('otp.rate.rule', { provider: name, limit: limit.limit, per: limit.per }) : t('otp.rate.limiting', { provider: name });
  const wait = error.retryAfterSeconds;
  const when = wait !== undefined
    ? t('otp.rate.next', { time: formatTime(new Date(now.getTime() + wait * 1000)), wait })
    : t('otp.rate.minute');
  return new SmsctlError('rate_limited', `${rule}: ${when}`, {
    code: error.code,
    status: error.status,
    providerCode: error.providerCode,
    providerMessage: error.providerMessage,
    retryAfterSeconds: wait,
  });
}
