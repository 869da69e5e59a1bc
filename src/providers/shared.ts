/**
 * Small helpers the adapters share: tolerant readers for JSON answers, credential and
 * sender checks, the Bangkok schedule format, and the parsers for the SEPSMS / ME-SMS
 * platform family, whose answers have the same shapes.
 */
import { SmsctlError } from '../errors.js';
import { t, type MessageKey } from '../i18n/index.js';
import { JoinedNumbers, type NumberList } from '../core/numbers.js';
import { normalizePhone } from '../core/phone.js';
import { HttpClient, badResponseError, joinUrl } from './http.js';
import type { ErrorShapeParser, Hint, HttpRequest, HttpResponse, QueryValue } from './http.js';
import type {
  BalanceResult,
  CancelResult,
  HttpOptions,
  MessageStatus,
  ProviderCapabilities,
  ProviderConfig,
  RecipientsPage,
  RecipientsQuery,
  SendRequest,
  SendResult,
} from './types.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{"result": X}` → X; anything else is returned as it is. */
export function unwrapResult(body: unknown): unknown {
  return isObject(body) && 'result' in body ? body.result : body;
}

/** The unwrapped answer as an object ({} when it is not one). */
export function resultObject(body: unknown): JsonObject {
  const r = unwrapResult(body);
  return isObject(r) ? r : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A list answer: `{"result":[...]}`, `{"result":{"data":[...]}}` or a bare array. */
export function resultList(body: unknown, key = 'data'): unknown[] {
  const r = unwrapResult(body);
  if (Array.isArray(r)) return r;
  return isObject(r) ? asArray(r[key]) : [];
}

/** A finite number, also from a numeric string ("1,234" included). */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.replace(/,/g, ''));
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A string, also from a number. */
export function toStr(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The first argument that is a non-empty string (numbers are turned into strings). */
export function firstString(...values: unknown[]): string | undefined {
  for (const v of values) {
    const s = toStr(v);
    if (s !== undefined && s !== '') return s;
  }
  return undefined;
}

const BANGKOK_OFFSET_MS = 7 * 60 * 60 * 1000;

/** `YYYY-MM-DDTHH:mm:ss+07:00`, Asia/Bangkok local time (no daylight saving). */
export function toBangkokIso(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new SmsctlError('usage', t('provider.invalid_schedule'), { code: 'INVALID_SCHEDULE' });
  const local = new Date(ms + BANGKOK_OFFSET_MS);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}+07:00`
  );
}

/** A number as the provider returned it, brought back to canonical 66XXXXXXXXX when possible. */
export function canonicalMsisdn(raw: string): string {
  // The common answer (ThaiBulkSMS: 0XXXXXXXXX, 500 to a request) needs no full parse.
  // 08x and 09x are mobile throughout, in either form; 06x ranges need the full check.
  if (/^66[89]\d{8}$/.test(raw)) return raw;
  if (/^0[89]\d{8}$/.test(raw)) return `66${raw.slice(1)}`;
  const r = normalizePhone(raw);
  return r.ok ? r.msisdn : raw;
}

/** Throws CREDENTIALS_MISSING when a credential a call needs is not in the profile (`what`: its name's key). */
export function requireCredential(value: string | undefined, providerName: string, what: MessageKey): string {
  if (value === undefined || value.trim() === '') {
    throw new SmsctlError('auth', t('provider.credential_missing', { name: providerName, what: t(what) }), {
      code: 'CREDENTIALS_MISSING',
    });
  }
  return value;
}

/** The providers of the SEPSMS / ME-SMS family need an approved sender name on every send. */
export function requireSender(sender: string | undefined, providerName: string): string {
  if (sender === undefined || sender.trim() === '') {
    throw new SmsctlError('usage', t('provider.sender_missing', { name: providerName }), {
      code: 'SENDER_MISSING',
    });
  }
  return sender;
}

/**
 * The HTTP client of a provider that authenticates with an API key header, and the
 * headers to send. The key is checked when a call is made, not when the provider is built.
 */
export function apiKeyHeaders(apiKey: string | undefined, header: string, providerName: string): Record<string, string> {
  return { [header]: requireCredential(apiKey, providerName, 'provider.credential.api_key') };
}

/**
 * The numbers of a send; a contact group is an internal error where the adapter takes only
 * numbers (the command checks the capability first).
 */
export function numbersOf(request: SendRequest, providerName: string): NumberList {
  if ('msisdns' in request.audience) return request.audience.msisdns;
  throw new SmsctlError('internal', t('provider.numbers_only', { name: providerName }), { code: 'NOT_OFFERED' });
}

/** The text of a send where the adapter takes only a text the same for every recipient. */
export function plainText(request: SendRequest, providerName: string): string {
  const c = request.content;
  if ('text' in c && c.recipientVariables === undefined) return c.text;
  throw new SmsctlError('internal', t('templateId' in c ? 'provider.text_not_template' : 'provider.text_not_variables', { name: providerName }), { code: 'NOT_OFFERED' });
}

/** Guards the per-request recipient cap; the send pipeline is expected to batch before this. */
export function checkRecipientCount(count: number, max: number, providerName: string): void {
  if (count === 0) {
    throw new SmsctlError('invalid', t('provider.no_recipients'), { code: 'NO_RECIPIENTS' });
  }
  if (count > max) {
    throw new SmsctlError('invalid', t('provider.too_many_recipients', { name: providerName, max, got: count }), {
      code: 'TOO_MANY_RECIPIENTS',
    });
  }
}

/** The effective cap: the configured one when given, never above the provider's hard limit. */
export function recipientCap(defaultCap: number, configured: number | undefined, hardLimit = Infinity): number {
  if (configured === undefined || !Number.isFinite(configured) || configured < 1) return defaultCap;
  return Math.min(Math.floor(configured), hardLimit);
}

// ---------------------------------------------------------------------------------------
// SEPSMS / ME-SMS platform family: same answer shapes, different paths and field names.
// ---------------------------------------------------------------------------------------

/** `{"result":{"uuid","refNo","totalMsisdn","totalCredit","blockedCount","status"}}` */
export function parsePlatformSendResult(body: unknown, requested: number): SendResult {
  const r = resultObject(body);
  const total = toNumber(r.totalMsisdn) ?? requested;
  const blocked = toNumber(r.blockedCount) ?? 0;
  return {
    reference: firstString(r.uuid, r.id),
    refNo: firstString(r.refNo),
    acceptedCount: Math.max(0, total - blocked),
    rejected: [],
    creditsUsed: toNumber(r.totalCredit),
    status: firstString(r.status),
    ...(blocked > 0 && { blockedCount: blocked }),
  };
}

/** `{"result":{"balance":N}}` */
export function parsePlatformBalance(body: unknown, providerName: string): BalanceResult {
  const r = unwrapResult(body);
  const balance = isObject(r) ? toNumber(r.balance ?? r.credit ?? r.remaining) : toNumber(r);
  if (balance === undefined) throw badResponseError(providerName, t('provider.bad.balance'), false);
  return { balance };
}

export function parseDrSummary(value: unknown): { status: string; count: number }[] {
  const out: { status: string; count: number }[] = [];
  for (const item of asArray(value)) {
    if (!isObject(item)) continue;
    const status = firstString(item.drStatus, item.status);
    if (status === undefined) continue;
    out.push({ status, count: toNumber(item.count) ?? 0 });
  }
  return out;
}

/** One message (SEPSMS names the fields origin/message, ME-SMS sender/content). */
export function parsePlatformMessage(value: unknown, fallbackReference = ''): MessageStatus {
  const r = isObject(value) ? value : {};
  return {
    reference: firstString(r.uuid, r.id) ?? fallbackReference,
    refNo: firstString(r.refNo),
    status: firstString(r.status) ?? 'unknown',
    sender: firstString(r.sender, r.origin),
    content: firstString(r.content, r.message),
    totalMsisdn: toNumber(r.totalMsisdn) ?? 0,
    ...(toNumber(r.totalCredit) !== undefined && { totalCredit: toNumber(r.totalCredit) }),
    scheduledAt: firstString(r.scheduledTime),
    createdAt: firstString(r.createdAt),
    drSummary: parseDrSummary(r.drSummary),
  };
}

export function platformRecipientsQuery(query: RecipientsQuery): Record<string, QueryValue> {
  return { after: query.after, limit: query.limit, status: query.status, search: query.search };
}

/**
 * `{"result":{"recipients":[{"id","msisdn","status"}],"summary":[{"status","count"}],
 * "nextCursor","hasMore"}}` (cursor mode) or `..."page","limit","total"` (page mode).
 */
export function parsePlatformRecipients(body: unknown): RecipientsPage {
  const r = resultObject(body);
  const recipients: RecipientsPage['recipients'] = [];
  for (const item of asArray(r.recipients ?? r.data)) {
    if (!isObject(item)) continue;
    const msisdn = firstString(item.msisdn);
    if (msisdn === undefined) continue;
    recipients.push({ id: toNumber(item.id) ?? 0, msisdn: canonicalMsisdn(msisdn), status: firstString(item.status) ?? 'unknown' });
  }
  const nextCursor = toNumber(r.nextCursor);
  let hasMore: boolean;
  if (typeof r.hasMore === 'boolean') hasMore = r.hasMore;
  else {
    const page = toNumber(r.page);
    const limit = toNumber(r.limit);
    const total = toNumber(r.total);
    hasMore = page !== undefined && limit !== undefined && total !== undefined ? page * limit < total : false;
  }
  return {
    recipients,
    summary: parseDrSummary(r.summary),
    ...(nextCursor !== undefined && { nextCursor }),
    hasMore,
  };
}

/** `{"result":{"uuid","status":"cancelled","refundedCredit"}}` */
export function parsePlatformCancel(body: unknown, reference: string): CancelResult {
  const r = resultObject(body);
  return {
    reference: firstString(r.uuid) ?? reference,
    status: firstString(r.status) ?? 'cancelled',
    refundedCredit: toNumber(r.refundedCredit),
  };
}

/**
 * `{...fields, "<field>": ["66…", …]}` in pieces of 10,000 numbers: a 2,000,000-number
 * request is never held as one 30 MB string, let alone a JSON.stringify of an array.
 */
export function jsonWithNumbers(fields: JsonObject, field: string, msisdns: NumberList): NonNullable<HttpRequest['stream']> {
  const head = JSON.stringify({ ...fields, [field]: [] }).slice(0, -2);
  const PIECE = 10_000;
  const log = `${JSON.stringify({ ...fields, [field]: `(${msisdns.length} numbers)` })}`;
  if (msisdns instanceof JoinedNumbers) {
    // Straight from the planned batch's string: quotes around each number, nothing else.
    const joined = msisdns;
    return {
      contentType: 'application/json',
      log,
      length: Buffer.byteLength(head) + (joined.length ? joined.joined.length + 2 * joined.length : 0) + 2,
      *chunks() {
        yield head;
        let first = true;
        for (const piece of joined.pieces(64 * 1024)) {
          yield `${first ? '' : ','}"${piece.replaceAll(',', '","')}"`;
          first = false;
        }
        yield ']}';
      },
    };
  }
  return {
    contentType: 'application/json',
    log,
    *chunks() {
      yield head;
      let piece: string[] = [];
      let first = true;
      const out = () => {
        // Canonical numbers are digits only: nothing in them needs escaping.
        const text = `${first ? '' : ','}"${piece.join('","')}"`;
        first = false;
        piece = [];
        return text;
      };
      for (const msisdn of msisdns) {
        piece.push(msisdn);
        if (piece.length === PIECE) yield out();
      }
      if (piece.length) yield out();
      yield ']}';
    },
  };
}

/** What differs between the providers of the SEPSMS / ME-SMS family. */
export interface PlatformSpec {
  providerName: string;
  /** Header carrying the API key. */
  apiKeyHeader: string;
  /** Send path, e.g. /message/send. */
  sendPath: string;
  /** Balance path, e.g. /message/credit/balance. */
  balancePath: string;
  /** Prefix of one message's paths: {prefix}/{uuid}, /recipients, /cancel. */
  messagePrefix: string;
  /** Scopes named in 403 hints. */
  scopes: { send: string; read?: string; balance?: string };
  parseError: ErrorShapeParser;
  authHint: Hint;
  /** The send body's fields in the provider's names, all but the numbers (a contact group included). */
  sendBody(request: SendRequest, sender: string): JsonObject;
  /** The field carrying the list of numbers. */
  numbersField: string;
}

/**
 * The calls SEPSMS and ME-SMS share (send, balance, status, recipients, cancel); the
 * adapters add their own (OTP, cost preview, …) through `call`.
 */
export class PlatformClient {
  private readonly client: HttpClient;

  constructor(
    private readonly spec: PlatformSpec,
    private readonly config: ProviderConfig,
    http: HttpOptions,
  ) {
    this.client = new HttpClient({
      providerName: spec.providerName,
      http,
      secrets: Object.values(config.credentials),
      parseError: spec.parseError,
      authHint: spec.authHint,
    });
  }

  /** One authenticated call; `path` is relative to the base URL. */
  call(req: Omit<HttpRequest, 'url' | 'headers'> & { path: string }): Promise<HttpResponse> {
    const { path, ...rest } = req;
    const headers = apiKeyHeaders(this.config.credentials.apiKey, this.spec.apiKeyHeader, this.spec.providerName);
    return this.client.request({ ...rest, url: joinUrl(this.config.baseUrl, path), headers });
  }

  private messagePath(reference: string, suffix = ''): string {
    return `${this.spec.messagePrefix}/${encodeURIComponent(reference)}${suffix}`;
  }

  async send(request: SendRequest, maxRecipients: number, signal?: AbortSignal): Promise<SendResult> {
    const sender = requireSender(request.sender, this.spec.providerName);
    const body = this.spec.sendBody(request, sender);
    const msisdns = 'msisdns' in request.audience ? request.audience.msisdns : undefined;
    if (msisdns) checkRecipientCount(msisdns.length, maxRecipients, this.spec.providerName);
    const res = await this.call({
      method: 'POST',
      path: this.spec.sendPath,
      // A contact group's numbers are the provider's: the body names the group instead.
      ...(msisdns ? { stream: jsonWithNumbers(body, this.spec.numbersField, msisdns) } : { json: body }),
      scope: this.spec.scopes.send,
      // One attempt: the send executor decides what may be sent again.
      maxAttempts: 1,
      signal,
    });
    return parsePlatformSendResult(res.body, msisdns?.length ?? 0);
  }

  /** The send body, numbers after `maxNumbers` left out. */
  requestBody(request: SendRequest, maxNumbers = Infinity): JsonObject {
    const body = this.spec.sendBody(request, request.sender ?? '');
    if (!('msisdns' in request.audience)) return body;
    const numbers: string[] = [];
    for (const m of request.audience.msisdns) {
      if (numbers.length >= maxNumbers) break;
      numbers.push(m);
    }
    // Per-recipient variables are shown for the numbers shown.
    const vars = isObject(body.variables) ? Object.fromEntries(numbers.filter((n) => n in (body.variables as JsonObject)).map((n) => [n, (body.variables as JsonObject)[n]])) : undefined;
    return { ...body, ...(vars && { variables: vars }), [this.spec.numbersField]: numbers };
  }

  async balance(): Promise<BalanceResult> {
    const res = await this.call({ method: 'GET', path: this.spec.balancePath, scope: this.spec.scopes.balance });
    return parsePlatformBalance(res.body, this.spec.providerName);
  }

  async status(reference: string): Promise<MessageStatus> {
    const res = await this.call({ method: 'GET', path: this.messagePath(reference), scope: this.spec.scopes.read });
    return parsePlatformMessage(unwrapResult(res.body), reference);
  }

  async recipients(reference: string, query: RecipientsQuery, signal?: AbortSignal): Promise<RecipientsPage> {
    const res = await this.call({
      method: 'GET',
      path: this.messagePath(reference, '/recipients'),
      query: platformRecipientsQuery(query),
      scope: this.spec.scopes.read,
      // A read: a page that fails is asked again (the client's retries), mid-export too.
      repeatable: true,
      signal,
    });
    return parsePlatformRecipients(res.body);
  }

  async cancel(reference: string): Promise<CancelResult> {
    const res = await this.call({ method: 'POST', path: this.messagePath(reference, '/cancel'), scope: this.spec.scopes.send });
    return parsePlatformCancel(res.body, reference);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** The calls SEPSMS and ME-SMS make the same way, delegated to their PlatformClient. */
export abstract class PlatformProvider {
  abstract readonly capabilities: ProviderCapabilities;
  protected abstract readonly api: PlatformClient;

  send(request: SendRequest, signal?: AbortSignal): Promise<SendResult> {
    return this.api.send(request, this.capabilities.maxRecipientsPerRequest, signal);
  }

  balance(): Promise<BalanceResult> {
    return this.api.balance();
  }

  requestBody(request: SendRequest, maxNumbers?: number): JsonObject {
    return this.api.requestBody(request, maxNumbers);
  }

  status(reference: string): Promise<MessageStatus> {
    return this.api.status(reference);
  }

  recipients(reference: string, query: RecipientsQuery, signal?: AbortSignal): Promise<RecipientsPage> {
    return this.api.recipients(reference, query, signal);
  }

  cancel(reference: string): Promise<CancelResult> {
    return this.api.cancel(reference);
  }

  close(): Promise<void> {
    return this.api.close();
  }
}
