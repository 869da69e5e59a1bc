/**
 * ThaiBulkSMS v2: SMS at https://api-v2.thaibulksms.com (form-urlencoded, HTTP Basic
 * key:secret) and OTP at https://otp.thaibulksms.com (JSON, OTP app key/secret in the body).
 */
import { SmsctlError } from '../errors.js';
import { toNational } from '../core/phone.js';
import { t } from '../i18n/index.js';
import { HttpClient, badResponseError, joinUrl } from './http.js';
import type { ProviderErrorInfo } from './http.js';
import {
  asArray,
  canonicalMsisdn,
  checkRecipientCount,
  firstString,
  isObject,
  numbersOf,
  plainText,
  recipientCap,
  requireCredential,
  resultObject,
  toBangkokIso,
  toNumber,
} from './shared.js';
import { SEND_CAPABILITIES } from './send-capabilities.js';
import { explainThaiBulkSmsError } from './thaibulksms-errors.js';
import { PROVIDER_NAMES } from './types.js';
import type {
  BalanceResult,
  HttpOptions,
  OtpFailure,
  OtpSendRequest,
  OtpSendResult,
  OtpVerifyResult,
  Provider,
  ProviderCapabilities,
  ProviderConfig,
  SendRequest,
  SendResult,
} from './types.js';

export const THAIBULKSMS_BASE_URL = 'https://api-v2.thaibulksms.com';
export const THAIBULKSMS_OTP_BASE_URL = 'https://otp.thaibulksms.com';
export const THAIBULKSMS_MAX_RECIPIENTS = 500;
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const OTP_AUTH_HINT = (): string => t('provider.thaibulksms.otp_auth_hint');

/**
 * SMS errors: `{"error":{"code":112,"name":"ERROR_MESSAGE","description":"..."}}`, sometimes
 * without the wrapper object or without the outer braces. OTP errors:
 * `{"code":400,"errors":[{"message":"...","detail":...}]}`.
 */
export function parseThaiBulkSmsError(body: unknown, text: string): ProviderErrorInfo {
  let b = body;
  if (b === undefined && text.trim().startsWith('"')) {
    try {
      b = JSON.parse(`{${text}}`) as unknown;
    } catch {
      b = undefined;
    }
  }
  if (!isObject(b)) return {};
  if (Array.isArray(b.errors)) {
    const first = b.errors.find(isObject);
    return { providerCode: firstString(first?.name, first?.code), providerMessage: firstString(first?.message) };
  }
  const e = isObject(b.error) ? b.error : b;
  const name = firstString(e.name);
  return {
    providerCode: name ?? firstString(e.code),
    providerMessage: firstString(e.description, e.message, typeof b.error === 'string' ? b.error : undefined),
    insufficientCredit: name === 'ERROR_INSUFFICIENT_CREDIT',
    explained: explainThaiBulkSmsError(name),
  };
}

/** `remaining_credit`: a number, or an object keyed by credit type. */
function parseCredit(value: unknown): BalanceResult | undefined {
  const n = toNumber(value);
  if (n !== undefined) return { balance: n };
  if (!isObject(value)) return undefined;
  const byType: Record<string, number> = {};
  let balance = 0;
  for (const [type, v] of Object.entries(value)) {
    const c = toNumber(v);
    if (c === undefined) continue;
    byType[type] = c;
    balance += c;
  }
  return Object.keys(byType).length > 0 ? { balance, byType } : undefined;
}

export class ThaiBulkSmsProvider implements Provider {
  readonly id = 'thaibulksms' as const;
  readonly displayName = PROVIDER_NAMES.thaibulksms;
  readonly capabilities: ProviderCapabilities;
  private readonly client: HttpClient;

  constructor(private readonly config: ProviderConfig, private readonly http: HttpOptions) {
    const c = config.credentials;
    this.capabilities = {
      maxRecipientsPerRequest: recipientCap(THAIBULKSMS_MAX_RECIPIENTS, config.maxRecipientsPerRequest, THAIBULKSMS_MAX_RECIPIENTS),
      senderRequired: false,
      send: SEND_CAPABILITIES.thaibulksms,
      maxScheduleAheadMs: ONE_YEAR_MS,
      // Sender, template, lifetime and PIN length are settings of the OTP app in the dashboard.
      otp: { perRequest: false },
    };
    this.client = new HttpClient({
      providerName: this.displayName,
      http,
      secrets: [...Object.values(c), c.apiKey && c.apiSecret ? basic(c.apiKey, c.apiSecret) : undefined],
      parseError: parseThaiBulkSmsError,
      authHint: () => t('provider.thaibulksms.auth_hint'),
      maskBodyFields: ['key', 'secret'],
    });
  }

  private authHeaders(): Record<string, string> {
    const c = this.config.credentials;
    const key = requireCredential(c.apiKey, this.displayName, 'provider.credential.api_key');
    const secret = requireCredential(c.apiSecret, this.displayName, 'provider.credential.api_secret');
    return { Authorization: `Basic ${basic(key, secret)}` };
  }

  private otpCredentials(): { key: string; secret: string } {
    const { otpKey, otpSecret } = this.config.credentials;
    if (!otpKey || !otpSecret) {
      const missing = t(!otpKey && !otpSecret ? 'provider.thaibulksms.otp_missing_both' : !otpKey ? 'provider.thaibulksms.otp_missing_key' : 'provider.thaibulksms.otp_missing_secret');
      const name = this.http.profileName;
      // Keys from the environment have no profile to edit; a saved profile is mended in place.
      const fix = name ? t('provider.thaibulksms.otp_fix_profile', { profile: name }) : t('provider.thaibulksms.otp_fix_env');
      throw new SmsctlError('auth', t('provider.thaibulksms.otp_credentials_missing', { missing, fix }), { code: 'OTP_CREDENTIALS_MISSING' });
    }
    return { key: otpKey, secret: otpSecret };
  }

  private otpUrl(path: string): string {
    return joinUrl(this.config.otpBaseUrl ?? THAIBULKSMS_OTP_BASE_URL, path);
  }

  /** The send form's fields; the numbers as the form carries them (0XXXXXXXXX, comma-separated). */
  private sendForm(request: SendRequest, maxNumbers = Infinity): Record<string, string | undefined> {
    const msisdns = numbersOf(request, this.displayName);
    const o = request.options?.thaibulksms;
    const numbers: string[] = [];
    for (const m of msisdns) {
      if (numbers.length >= maxNumbers) break;
      numbers.push(toNational(m));
    }
    return {
      msisdn: numbers.join(','),
      message: plainText(request, this.displayName),
      sender: request.sender,
      scheduled_delivery: request.scheduledAt ? toBangkokIso(request.scheduledAt) : undefined,
      callback_url: o?.callback?.url,
      callback_method: o?.callback?.method,
      force: o?.creditType,
      shorten_url: o?.shortenUrls ? 'true' : undefined,
      tag: o?.tag,
    };
  }

  requestBody(request: SendRequest, maxNumbers?: number): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.sendForm(request, maxNumbers)).filter(([, v]) => v !== undefined));
  }

  async send(request: SendRequest, signal?: AbortSignal): Promise<SendResult> {
    const msisdns = numbersOf(request, this.displayName);
    checkRecipientCount(msisdns.length, this.capabilities.maxRecipientsPerRequest, this.displayName);
    const res = await this.client.request({
      method: 'POST',
      url: joinUrl(this.config.baseUrl, '/sms'),
      headers: this.authHeaders(),
      form: this.sendForm(request),
      // One attempt: the send executor decides what may be sent again.
      maxAttempts: 1,
      signal,
    });
    const r = resultObject(res.body);
    const messageIds: { msisdn: string; messageId: string }[] = [];
    for (const item of asArray(r.phone_number_list)) {
      if (!isObject(item)) continue;
      const number = firstString(item.number);
      const messageId = firstString(item.message_id);
      if (number !== undefined && messageId !== undefined) messageIds.push({ msisdn: canonicalMsisdn(number), messageId });
    }
    const rejected: { msisdn: string; reason: string }[] = [];
    for (const item of asArray(r.bad_phone_number_list)) {
      if (!isObject(item)) continue;
      const number = firstString(item.number);
      if (number !== undefined) rejected.push({ msisdn: canonicalMsisdn(number), reason: firstString(item.message) ?? 'rejected' });
    }
    const acceptedCount = Array.isArray(r.phone_number_list)
      ? messageIds.length
      : Math.max(0, msisdns.length - rejected.length);
    return {
      reference: messageIds[0]?.messageId,
      acceptedCount,
      rejected,
      messageIds,
      creditsUsed: toNumber(r.total_use_credit),
      remainingCredit: parseCredit(r.remaining_credit)?.balance,
    };
  }

  async balance(): Promise<BalanceResult> {
    const res = await this.client.request({
      method: 'GET',
      url: joinUrl(this.config.baseUrl, '/credit'),
      headers: this.authHeaders(),
    });
    const r = resultObject(res.body);
    const credit = parseCredit(r.remaining_credit ?? r.credit);
    if (!credit) throw badResponseError(this.displayName, t('provider.bad.credit'), false);
    return credit;
  }

  /** Sender, template, lifetime and PIN length are set in the OTP app, not per request: ignored here. */
  async otpSend(request: OtpSendRequest, signal?: AbortSignal): Promise<OtpSendResult> {
    const { key, secret } = this.otpCredentials();
    const res = await this.client.request({
      method: 'POST',
      url: this.otpUrl('/v2/otp/request'),
      json: { key, secret, msisdn: toNational(request.msisdn) },
      authHint: OTP_AUTH_HINT,
      retryRateLimited: false,
      signal,
    });
    const r = resultObject(res.body);
    const token = firstString(r.token);
    if (token === undefined) throw badResponseError(this.displayName, t('provider.bad.otp_token'), true);
    return { token, refno: firstString(r.refno) };
  }

  async otpVerify(token: string, pin: string, signal?: AbortSignal): Promise<OtpVerifyResult> {
    const { key, secret } = this.otpCredentials();
    try {
      const res = await this.client.request({
        method: 'POST',
        url: this.otpUrl('/v2/otp/verify'),
        json: { key, secret, token, pin },
        authHint: OTP_AUTH_HINT,
        repeatable: true,
        signal,
      });
      const r = resultObject(res.body);
      const status = firstString(r.status);
      return { verified: status === undefined || status.toLowerCase() === 'success', message: firstString(r.message) };
    } catch (err) {
      // A wrong or expired PIN is a 4xx error answer; it means "not verified", not a failure.
      // Anything else a 400 says (a field missing) stays the error it is.
      if (err instanceof SmsctlError && err.kind === 'invalid' && err.status !== 405) {
        const reason = thaiBulkSmsReason(err.providerMessage);
        if (reason) return { verified: false, reason, message: err.providerMessage };
      }
      throw err;
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/**
 * ThaiBulkSMS publishes no list of its OTP error messages; smsctl assumes English sentences
 * ("Code is invalid.", "Code is expired.", "Code has already been used.", "Too many wrong
 * attempts.", "Token is invalid.") and reads them by their words.
 */
export function thaiBulkSmsReason(message: string | undefined): OtpFailure | undefined {
  const text = (message ?? '').toLowerCase();
  if (/expire/.test(text)) return 'expired';
  if (/already|been used|reused/.test(text)) return 'used';
  if (/too many|attempts|locked/.test(text)) return 'locked';
  if (/token/.test(text) && /invalid|not found|unknown/.test(text)) return 'unknown_reference';
  if (/(code|pin|otp)\b.*\b(invalid|incorrect|wrong|not match)|does not match|mismatch/.test(text)) return 'wrong';
  return undefined;
}

function basic(key: string, secret: string): string {
  return Buffer.from(`${key}:${secret}`).toString('base64');
}
