/**
 * ME-SMS v2 (https://me-sms.com/api/v2): JSON over HTTPS, `x-api-key` header.
 */
import { t } from '../i18n/index.js';
import { badResponseError } from './http.js';
import type { ProviderErrorInfo } from './http.js';
import {
  PlatformClient,
  PlatformProvider,
  firstString,
  isObject,
  parsePlatformMessage,
  plainText,
  recipientCap,
  requireSender,
  resultList,
  resultObject,
  toBangkokIso,
  toNumber,
} from './shared.js';
import { SEND_CAPABILITIES } from './send-capabilities.js';
import { PROVIDER_NAMES } from './types.js';
import type {
  HttpOptions,
  MessageListPage,
  MessageListQuery,
  PreviewCostRequest,
  PreviewCostResult,
  Provider,
  ProviderCapabilities,
  ProviderConfig,
  SendEstimate,
  SendRequest,
  SenderInfo,
} from './types.js';

export const MESMS_MAX_RECIPIENTS = 2_000_000;

/** `{"error":"Insufficient credits","code":"INSUFFICIENT_CREDITS"}` (code on some endpoints only). */
export function parseMesmsError(body: unknown): ProviderErrorInfo {
  if (!isObject(body)) return {};
  const err = body.error;
  const providerCode = isObject(err) ? firstString(err.code, body.code) : firstString(body.code);
  const providerMessage = isObject(err) ? firstString(err.message) : firstString(err, body.message);
  return { providerCode, providerMessage, insufficientCredit: providerCode === 'INSUFFICIENT_CREDITS' };
}

export class MesmsProvider extends PlatformProvider implements Provider {
  readonly id = 'mesms' as const;
  readonly displayName = PROVIDER_NAMES.mesms;
  readonly capabilities: ProviderCapabilities;
  protected readonly api: PlatformClient;

  constructor(config: ProviderConfig, http: HttpOptions) {
    super();
    this.capabilities = {
      maxRecipientsPerRequest: recipientCap(MESMS_MAX_RECIPIENTS, config.maxRecipientsPerRequest, MESMS_MAX_RECIPIENTS),
      maxSenderLength: 11,
      maxContentLength: 1000,
      senderRequired: true,
      send: SEND_CAPABILITIES.mesms,
    };
    this.api = new PlatformClient(
      {
        providerName: this.displayName,
        apiKeyHeader: 'x-api-key',
        sendPath: '/sms/send',
        balancePath: '/sms/credit/balance',
        messagePrefix: '/sms',
        scopes: { send: 'sms:send' },
        parseError: parseMesmsError,
        authHint: () => t('provider.mesms.auth_hint'),
        numbersField: 'msisdns',
        sendBody: (request, sender) => mesmsSendBody(request, sender, this.displayName),
      },
      config,
      http,
    );
  }

  async previewCost(request: PreviewCostRequest): Promise<PreviewCostResult> {
    const res = await this.api.call({
      method: 'POST',
      path: '/sms/preview-cost',
      json: request.contactGroupId !== undefined ? { content: request.content, contactGroupId: request.contactGroupId } : { content: request.content, msisdns: request.msisdns ?? [] },
      repeatable: true,
    });
    const r = resultObject(res.body);
    const parts = toNumber(r.parts);
    const totalCredit = toNumber(r.totalCredit);
    if (parts === undefined || totalCredit === undefined) {
      throw badResponseError(this.displayName, t('provider.bad.cost_preview'), false);
    }
    return {
      parts,
      encoding: firstString(r.encoding) ?? 'unknown',
      totalMsisdn: toNumber(r.totalMsisdn) ?? request.msisdns?.length ?? 0,
      totalCredit,
    };
  }

  async estimateSend(request: SendRequest): Promise<SendEstimate> {
    const sender = requireSender(request.sender, this.displayName);
    const msisdns = 'msisdns' in request.audience ? [...request.audience.msisdns] : undefined;
    const res = await this.api.call({
      method: 'POST',
      path: '/sms/send',
      json: { ...mesmsSendBody(request, sender, this.displayName), ...(msisdns && { msisdns }), dryRun: true },
      scope: 'sms:send',
      repeatable: true,
    });
    const r = resultObject(res.body);
    const totalMsisdn = toNumber(r.totalMsisdn);
    const totalCredit = toNumber(r.totalCredit);
    if (r.dryRun !== true || totalMsisdn === undefined || totalCredit === undefined) {
      throw badResponseError(this.displayName, t('provider.bad.dry_run'), false);
    }
    return { totalMsisdn, totalCredit, parts: toNumber(r.parts) };
  }

  async dryRunSend(request: { sender: string; message: string; msisdn: string; scheduledAt: Date }): Promise<{ dryRun: boolean; uuid?: string }> {
    const res = await this.api.call({
      method: 'POST',
      path: '/sms/send',
      json: { sender: request.sender, content: request.message, msisdns: [request.msisdn], scheduledTime: toBangkokIso(request.scheduledAt), dryRun: true },
      scope: 'sms:send',
      maxAttempts: 1,
    });
    const r = resultObject(res.body);
    return { dryRun: r.dryRun === true, uuid: typeof r.uuid === 'string' ? r.uuid : undefined };
  }

  async listMessages(query: MessageListQuery): Promise<MessageListPage> {
    const iso = (d: Date | string | undefined): string | undefined => (d instanceof Date ? d.toISOString() : d);
    const res = await this.api.call({
      method: 'GET',
      path: '/sms',
      query: {
        page: query.page,
        limit: query.limit,
        status: query.status,
        sender: query.sender,
        from: iso(query.from),
        to: iso(query.to),
        search: query.search,
      },
    });
    const r = resultObject(res.body);
    const messages = resultList(res.body).map((m) => parsePlatformMessage(m));
    return {
      messages,
      page: toNumber(r.page) ?? query.page ?? 1,
      limit: toNumber(r.limit) ?? query.limit ?? messages.length,
      total: toNumber(r.total) ?? messages.length,
    };
  }

  async senders(options: { maxAttempts?: number } = {}): Promise<SenderInfo[]> {
    const res = await this.api.call({ method: 'GET', path: '/senders', maxAttempts: options.maxAttempts });
    const out: SenderInfo[] = [];
    for (const s of resultList(res.body, 'senders')) {
      if (!isObject(s)) continue;
      const name = firstString(s.name);
      if (name !== undefined) out.push({ name, status: firstString(s.status) ?? 'unknown' });
    }
    return out;
  }
}

/**
 * The send body but the numbers: `content` or a saved `templateId` with its `variables`, and
 * `contactGroupId` when the audience is a group (the provider resolves its numbers).
 */
function mesmsSendBody(request: SendRequest, sender: string, providerName: string): Record<string, unknown> {
  const c = request.content;
  if ('recipientVariables' in c && c.recipientVariables !== undefined) plainText(request, providerName);
  return {
    sender,
    ...('templateId' in c ? { templateId: /^\d+$/.test(c.templateId) ? Number(c.templateId) : c.templateId, variables: c.variables } : { content: c.text }),
    ...('contactGroupId' in request.audience && { contactGroupId: request.audience.contactGroupId }),
    ...(request.scheduledAt && { scheduledTime: toBangkokIso(request.scheduledAt) }),
  };
}
