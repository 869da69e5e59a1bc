/**
 * SEPSMS v2 (https://sepsms.com/api/v2): JSON over HTTPS, `X-API-Key` header.
 */
import { badResponseError } from './http.js';
import type { ProviderErrorInfo } from './http.js';
import { PlatformClient, PlatformProvider, firstString, isObject, recipientCap, requireSender, resultObject, toBangkokIso, toNumber } from './shared.js';
import { PROVIDER_NAMES } from './types.js';
import type {
  HttpOptions,
  OtpSendRequest,
  OtpSendResult,
  OtpVerifyResult,
  Provider,
  ProviderCapabilities,
  ProviderConfig,
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
      features: new Set(['send', 'balance', 'status', 'recipients', 'cancel', 'otp']),
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
        authHint: "check the profile's API key (sk_sep_…)",
        numbersField: 'recipients',
        sendBody: (request, sender) => ({
          origin: sender,
          message: request.message,
          scheduledTime: request.scheduledAt ? toBangkokIso(request.scheduledAt) : null,
        }),
      },
      config,
      http,
    );
  }

  async otpSend(request: OtpSendRequest): Promise<OtpSendResult> {
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
    });
    const r = resultObject(res.body);
    const reference = firstString(r.reference);
    if (reference === undefined) throw badResponseError(this.displayName, 'the OTP answer has no "reference"', true);
    return { token: reference, refno: reference, expiresAt: firstString(r.expiresAt) };
  }

  async otpVerify(token: string, pin: string): Promise<OtpVerifyResult> {
    const res = await this.api.call({ method: 'POST', path: '/otp/verify', json: { reference: token, pin }, scope: 'otp:verify', repeatable: true });
    const r = resultObject(res.body);
    const verified = r.verified === true || r.verified === 'true' || toNumber(r.verified) === 1;
    return { verified, message: firstString(r.message) };
  }
}
