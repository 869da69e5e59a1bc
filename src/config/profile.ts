import type { ProviderId } from '../providers/types.js';

export interface Profile {
  name: string;
  provider: ProviderId;
  sender?: string;
  baseUrl?: string;
  otpBaseUrl?: string;
  apiKey?: string;
  apiSecret?: string;
  otpKey?: string;
  otpSecret?: string;
  /** Signs SEPSMS webhooks: what `webhook listen`, `verify` and `trigger` use when no --secret is given. */
  webhookSecret?: string;
  /** Talk to the built-in emulator, started in-process, instead of the real provider. */
  sandbox?: boolean;
  /** Recipients per request, where the provider lets the user choose (SEPSMS). */
  batchSize?: number;
  /** Client-side send pace, e.g. "120/min" (default: the provider's published limit). */
  rate?: string;
  /** Send requests in flight at once (default per provider). */
  concurrency?: number;
  /** Absolute path of an opt-out list every send with this profile applies (send --no-default-exclude skips it). */
  excludeFile?: string;
  /** ThaiBulkSMS: the credit type a send is charged to unless send --credit-type says otherwise (`force`). */
  creditType?: 'standard' | 'corporate';
  /** The language smsctl speaks with this profile, unless --lang or SMSCTL_LANG says otherwise. */
  language?: 'en' | 'th';
  builtIn?: boolean;
}

export const SECRET_FIELDS = ['apiKey', 'apiSecret', 'otpKey', 'otpSecret', 'webhookSecret'] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

/** Always available, needs no account: ME-SMS as emulated by the embedded sandbox. */
export const BUILTIN_SANDBOX_PROFILE: Profile = Object.freeze({
  name: 'sandbox',
  provider: 'mesms',
  sandbox: true,
  sender: 'SMSCTL',
  builtIn: true,
});

