/**
 * Fixed, documented sandbox credentials and magic numbers. They only work against the
 * sandbox; they are published on purpose so tests and new users can start at once.
 */
import type { DeliveryStatus } from './types.js';

export const SANDBOX_KEYS = {
  sepsms: {
    /** Every scope. */
    apiKey: 'sk_sep_sandbox_0000000000000000',
    /** Scope sms:read only. */
    readOnlyApiKey: 'sk_sep_sandbox_readonly_00000000',
  },
  mesms: {
    /** Scope `*`. */
    apiKey: 'me_sandbox_0000000000000000',
    /** Any scope but sms:send. */
    readOnlyApiKey: 'me_sandbox_readonly_00000000',
  },
  thaibulksms: {
    /** SMS API, HTTP Basic key:secret. */
    apiKey: 'tbs_sandbox_key_000000000000',
    apiSecret: 'tbs_sandbox_secret_0000000000',
    /** OTP app key/secret, sent in the request body. */
    otpKey: 'tbs_otp_key_0000000000000',
    otpSecret: 'tbs_otp_secret_00000000000',
  },
} as const;

export const SEPSMS_SCOPES = [
  'sms:send',
  'sms:read',
  'otp:send',
  'otp:verify',
  'credit:read',
  'webhooks:read',
  'webhooks:write',
] as const;

/** Scopes per sandbox key. */
export const KEY_SCOPES: Readonly<Record<string, readonly string[]>> = {
  [SANDBOX_KEYS.sepsms.apiKey]: SEPSMS_SCOPES,
  [SANDBOX_KEYS.sepsms.readOnlyApiKey]: ['sms:read'],
  [SANDBOX_KEYS.mesms.apiKey]: ['*'],
  [SANDBOX_KEYS.mesms.readOnlyApiKey]: ['sms:read', 'credit:read'],
};

/**
 * Numbers (national form) whose delivery ends in a given final status, on every provider.
 * Every other valid number ends in `success`.
 */
export const MAGIC_NUMBERS: Readonly<Record<string, Exclude<DeliveryStatus, 'pending' | 'success'>>> = {
  '0800000001': 'failed',
  '0800000002': 'invalid',
  '0800000003': 'blocked',
  '0800000004': 'expired',
  '0800000005': 'timeout',
};
