/**
 * SEPSMS v2 (https://sepsms.com/api/v2): JSON over HTTPS, `X-API-Key` header.
 */
import { SmsctlError } from '../errors.js';
import { t } from '../i18n/index.js';
import { badResponseError } from './http.js';
import type { ProviderErrorInfo } from './http.js';
import { PlatformClient, PlatformProvider, firstString, isObject, plainText, recipientCap, requireSender, resultObject, toBangkokIso, toNumber } from './shared.js';
import { SEND_CAPABILITIES } from './send-capabilities.js';
import { PROVIDER_NAMES } from './types.js';
import type {
  HttpOptions,
  OtpFailure,
  OtpSendRequest,
  OtpSendResult,
  OtpVerifyResult,
  Provider,
  ProviderCapabilities,
  ProviderConfig,
  SendRequest,
} from './types.js';

export const SEPSMS_DEFAULT_MAX_RECIPIENTS = 10_000;

/** `{"success":false,"error":{"code":"auth.invalid_credentials","message":"..."}}` */
export function parseSepsmsError(body: unknown): ProviderErrorInfo {
  if (!isObject(body)) return {};
  const err = body.error;
  const providerCode = isObject(err) ? firstString(err.code) : firstString(body.code);
  const providerMessage = isObject(err) ? firstString(err.message) : firstString(err, body.message);
  const insufficientCredit = providerCode !== undefined && /insufficient/i.test(providerCode) && /credit/i.test(providerCode);
  return { providerCode, providerMessage, insufficientCredit };
}

export class SepsmsProvider extends PlatformProvider implements Provider {
  readonly id = 'sepsms' as const;
  readonly displayName = PROVIDER_NAMES.sepsms;
  readonly capabilities: ProviderCapabilities;
  protected readonly api: PlatformClient;

  constructor(config: ProviderConfig, http: HttpOptions) {
    super();
    this.capabilities = {
      maxRecipientsPerRequest: recipientCap(SEPSMS_DEFAULT_MAX_RECIPIENTS, config.maxRecipientsPerRequest),
      senderRequired: true,
      send: SEND_CAPABILITIES.sepsms,
      otp: {
        perRequest: true,
        ttlSeconds: { min: 60, max: 600 },
        codeLength: { min: 4, max: 8 },
        template: { required: '{code}', optional: ['{ref}'] },
        sendsPerMinute: { limit: 5, per: 'IP' },
      },
    };
    this.api = new PlatformClient(
      {
        providerName: this.displayName,
        apiKeyHeader: 'X-API-Key',
        sendPath: '/message/send',
        balancePath: '/message/credit/balance',
        messagePrefix: '/message',
        scopes: { send: 'sms:send', read: 'sms:read', balance: 'credit:read' },
        parseError: parseSepsmsError,
        authHint: () => t('provider.sepsms.auth_hint'),
        numbersField: 'recipients',
        sendBody: (request, sender) => ({
          origin: sender,
          ...sepsmsMessage(request, this.displayName),
          scheduledTime: request.scheduledAt ? toBangkokIso(request.scheduledAt) : null,
        }),
      },
      config,
      http,
    );
  }

  async otpSend(request: OtpSendRequest, signal?: AbortSignal): Promise<OtpSendResult> {
    const origin = requireSender(request.sender, this.displayName);
    const res = await this.api.call({
      method: 'POST',
      path: '/otp/send',
      json: {
        destination: request.msisdn,
        origin,
        template: request.template,
        ttlSeconds: request.ttlSeconds,
        codeLength: request.codeLength,
      },
      scope: 'otp:send',
      retryRateLimited: false,
      signal,
    });
    const r = resultObject(res.body);
    const reference = firstString(r.reference);
    if (reference === undefined) throw badResponseError(this.displayName, t('provider.bad.otp_reference'), true);
    return { token: reference, refno: reference, expiresAt: firstString(r.expiresAt) };
  }

  async otpVerify(token: string, pin: string, signal?: AbortSignal): Promise<OtpVerifyResult> {
    let res;
    try {
      res = await this.api.call({ method: 'POST', path: '/otp/verify', json: { reference: token, pin }, scope: 'otp:verify', repeatable: true, signal });
    } catch (err) {
      // A reference SEPSMS does not know is an answer about the code, not a failed call.
      if (err instanceof SmsctlError && err.status === 404 && err.providerCode !== undefined && /otp/i.test(err.providerCode)) {
        return { verified: false, reason: 'unknown_reference', message: err.providerMessage };
      }
      throw err;
    }
    const r = resultObject(res.body);
    const verified = r.verified === true || r.verified === 'true' || toNumber(r.verified) === 1;
    if (verified) return { verified, message: firstString(r.message) };
    return { verified, reason: sepsmsReason(firstString(r.reason, r.code, r.status)), attemptsLeft: toNumber(r.attemptsLeft), message: firstString(r.message) };
  }
}

/**
 * SEPSMS publishes `verified:false` and nothing else; smsctl assumes a `reason`
 * (`invalid_code`, `expired`, `already_verified`, `too_many_attempts`) and `attemptsLeft`
 * beside it, read tolerantly: an unknown reason is no reason.
 */
export function sepsmsReason(reason: string | undefined): OtpFailure | undefined {
  if (reason === undefined) return undefined;
  const r = reason.toLowerCase();
  if (/expire/.test(r)) return 'expired';
  if (/already|used|verified/.test(r)) return 'used';
  if (/too_?many|attempt|locked|blocked/.test(r)) return 'locked';
  if (/invalid|wrong|incorrect|mismatch/.test(r)) return 'wrong';
  return undefined;
}

/**
 * `message`, and with per-recipient variables `variables`: SEPSMS documents the field but not
 * its shape, so this project assumes (README) an object keyed by each recipient's number as
 * sent (66XXXXXXXXX), each value the {{placeholder}} → text pairs for that recipient, with
 * `message` the template itself.
 */
function sepsmsMessage(request: SendRequest, providerName: string): Record<string, unknown> {
  const c = request.content;
  if (!('text' in c) || c.recipientVariables === undefined) return { message: plainText(request, providerName) };
  const numbers = 'msisdns' in request.audience ? request.audience.msisdns : [];
  const variables: Record<string, Readonly<Record<string, string>>> = {};
  let i = 0;
  for (const msisdn of numbers) variables[msisdn] = c.recipientVariables[i++] ?? {};
  return { message: c.text, variables };
}
