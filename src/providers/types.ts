/**
 * The contract every provider adapter fulfils. Commands talk to this interface only;
 * provider wire formats stay inside the adapters.
 */
import type { Dispatcher } from 'undici';
import type { NumberList } from '../core/numbers.js';

export type ProviderId = 'thaibulksms' | 'sepsms' | 'mesms';

export const PROVIDER_IDS: readonly ProviderId[] = ['thaibulksms', 'sepsms', 'mesms'];

export const PROVIDER_NAMES: Readonly<Record<ProviderId, string>> = {
  thaibulksms: 'ThaiBulkSMS',
  sepsms: 'SEPSMS',
  mesms: 'ME-SMS',
};

/**
 * Commands a provider may or may not offer, each tied to the method(s) that carry it: a
 * provider offers a command exactly when it has the methods (see `requireFeature`).
 */
export const FEATURE_METHODS = {
  send: ['send'],
  balance: ['balance'],
  status: ['status'],
  recipients: ['recipients'],
  cancel: ['cancel'],
  messages: ['listMessages'],
  'preview-cost': ['previewCost'],
  senders: ['senders'],
  otp: ['otpSend', 'otpVerify'],
} as const satisfies Record<string, readonly (keyof Provider)[]>;

export type ProviderFeature = keyof typeof FEATURE_METHODS;

/** A provider narrowed to one that offers `F`: its methods for it are no longer optional. */
export type ProviderWith<F extends ProviderFeature> = Provider & Required<Pick<Provider, (typeof FEATURE_METHODS)[F][number]>>;

export function offers<F extends ProviderFeature>(provider: Provider, feature: F): provider is ProviderWith<F> {
  return FEATURE_METHODS[feature].every((m) => typeof provider[m] === 'function');
}

export interface ProviderCapabilities {
  /** Most recipients one send request may carry. */
  maxRecipientsPerRequest: number;
  /** What a send request may carry beyond numbers and a text; see SendCapabilities. */
  send: SendCapabilities;
  /** The provider refuses a send without a sender name (SEPSMS origin, ME-SMS sender). */
  senderRequired: boolean;
  /** Longest sender name the provider accepts, when it publishes one. */
  maxSenderLength?: number;
  /** Longest message content (characters) the provider accepts, when it publishes one. */
  maxContentLength?: number;
  /** How far ahead a schedule may be, in milliseconds, when the provider publishes a limit. */
  maxScheduleAheadMs?: number;
  /** What an OTP request may choose, where the provider offers OTPs. */
  otp?: OtpRules;
}

/** A provider's published OTP rules, checked before any request is made. */
export interface OtpRules {
  /**
   * Template, lifetime and length are chosen per request (SEPSMS); false: they are settings
   * of the provider's dashboard and a request cannot carry them (ThaiBulkSMS).
   */
  perRequest: boolean;
  /** Seconds a code may live, inclusive. */
  ttlSeconds?: { min: number; max: number };
  /** Digits a code may have, inclusive. */
  codeLength?: { min: number; max: number };
  /** What a template must contain, and may contain besides. */
  template?: { required: string; optional: string[] };
  /** OTP sends allowed per minute, and per what (SEPSMS: 5 per client IP). */
  sendsPerMinute?: { limit: number; per: string };
}

export interface Credentials {
  apiKey?: string;
  /** ThaiBulkSMS API secret (Basic auth password). */
  apiSecret?: string;
  /** ThaiBulkSMS OTP app key and secret. */
  otpKey?: string;
  otpSecret?: string;
}

export interface ProviderConfig {
  baseUrl: string;
  /** ThaiBulkSMS only: the OTP service has its own host. */
  otpBaseUrl?: string;
  credentials: Credentials;
  /** Overrides the default per-request recipient cap where the provider allows (SEPSMS). */
  maxRecipientsPerRequest?: number;
}

export interface HttpOptions {
  /** Injected in tests (MockAgent); takes precedence over proxyEnv. Defaults to an Agent of the client's own. */
  dispatcher?: Dispatcher;
  /**
   * The environment whose HTTPS_PROXY, HTTP_PROXY and NO_PROXY (lower-case forms first) route
   * requests through a proxy with undici's EnvHttpProxyAgent; the CLI passes its own. Without
   * it, or with no proxy variable set, requests go direct.
   */
  proxyEnv?: Readonly<Record<string, string | undefined>>;
  userAgent: string;
  /** Milliseconds to establish a connection. */
  connectTimeoutMs?: number;
  /** Milliseconds to wait for response headers and between body chunks. */
  responseTimeoutMs?: number;
  /** Receives one redacted line per request and per response when --verbose is on. */
  log?: (line: string) => void;
  /** Most attempts per call, retries included (default 4). Retries happen only when safe. */
  maxAttempts?: number;
  /** Waits between retries; injected in tests so they do not wait. Defaults to a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Profile name, used in hints such as "smsctl profile test NAME". */
  profileName?: string;
}

/** Who a send goes to: numbers (canonical 66XXXXXXXXX), or a contact group kept on the account. */
export type SendAudience = { msisdns: NumberList } | { contactGroupId: number };

/**
 * What a send says: a text, the same for every recipient; a template the provider fills per
 * recipient (`recipientVariables[i]` for the i-th number); or a template saved on the account.
 */
export type SendContent =
  | { text: string; recipientVariables?: undefined }
  | { text: string; recipientVariables: readonly Readonly<Record<string, string>>[] }
  | { templateId: string; variables: Readonly<Record<string, string>> };

export type CreditType = 'standard' | 'corporate';

/** Send fields only ThaiBulkSMS has (`callback_url`, `force`, `shorten_url`, `tag`). */
export interface ThaiBulkSmsSendOptions {
  /** Where the provider reports each delivery result. */
  callback?: SendCallback;
  creditType?: CreditType;
  shortenUrls?: boolean;
  tag?: string;
}

/** Per-provider send options, each read only by its own adapter. */
export interface ProviderSendOptions {
  thaibulksms?: ThaiBulkSmsSendOptions;
}

export interface SendRequest {
  audience: SendAudience;
  content: SendContent;
  sender?: string;
  scheduledAt?: Date;
  options?: ProviderSendOptions;
}

/**
 * What a provider's send takes beyond numbers and a text; an absent member is an option the
 * provider does not offer. Flags are checked against it (src/send/options.ts).
 */
export interface SendCapabilities {
  /** `callback_url` / `callback_method` per send (ThaiBulkSMS). */
  callback?: true;
  /** Contact groups kept on the account as the audience (ME-SMS `contactGroupId`). */
  contactGroups?: true;
  /** Templates saved on the account (ME-SMS `templateId` + `variables`). */
  savedTemplates?: true;
  /** One request carries a template and each recipient's variables (SEPSMS `variables`). */
  recipientVariables?: true;
  /** Credit types a send may choose (ThaiBulkSMS `force`). */
  creditTypes?: readonly CreditType[];
  /** The provider shortens links in the text (ThaiBulkSMS `shorten_url`). */
  shortenUrls?: true;
  /** A tag for the dashboard's reports (ThaiBulkSMS `tag`). */
  tags?: { maxLength: number };
}


export interface SendCallback {
  url: string;
  method: 'GET' | 'POST' | 'PUT';
}

export interface SendResult {
  /** The provider's handle for this request (uuid, or ThaiBulkSMS' first message id). */
  reference?: string;
  /** Provider-side reference number for humans (SEPSMS/ME-SMS refNo), when given. */
  refNo?: string;
  acceptedCount: number;
  /** Numbers the provider refused inside an otherwise successful request. */
  rejected: { msisdn: string; reason: string }[];
  /** Per-number message ids, when the provider returns them (ThaiBulkSMS). */
  messageIds?: { msisdn: string; messageId: string }[];
  creditsUsed?: number;
  remainingCredit?: number;
  status?: string;
  /**
   * Recipients the provider blocked without naming them (SEPSMS/ME-SMS `blockedCount`).
   * They are counted in neither acceptedCount nor rejected.
   */
  blockedCount?: number;
}

export interface BalanceResult {
  /** Total credit; for ThaiBulkSMS the sum over credit types. */
  balance: number;
  /** Per credit type, where the provider splits it (ThaiBulkSMS standard/corporate). */
  byType?: Record<string, number>;
  /** `balance` is of this credit type only: the one a send will be charged to. */
  creditType?: CreditType;
}

export type DeliveryStatus = 'pending' | 'success' | 'failed' | 'invalid' | 'blocked' | 'expired' | 'timeout';

export interface MessageStatus {
  reference: string;
  refNo?: string;
  status: string;
  sender?: string;
  content?: string;
  totalMsisdn: number;
  /** Credits the message was charged (what a cancel refunds), when the provider says. */
  totalCredit?: number;
  /** When a scheduled message goes out (ISO 8601). */
  scheduledAt?: string;
  createdAt?: string;
  drSummary: { status: string; count: number }[];
}

export interface RecipientsQuery {
  after?: number;
  limit?: number;
  status?: DeliveryStatus;
  search?: string;
}

export interface RecipientsPage {
  recipients: { id: number; msisdn: string; status: string }[];
  summary: { status: string; count: number }[];
  nextCursor?: number;
  hasMore: boolean;
}

export interface CancelResult {
  reference: string;
  status: string;
  refundedCredit?: number;
}

export interface OtpSendRequest {
  msisdn: string;
  sender?: string;
  template?: string;
  ttlSeconds?: number;
  codeLength?: number;
}

export interface OtpSendResult {
  /** What verify needs: SEPSMS reference, ThaiBulkSMS token. */
  token: string;
  /** What the user sees next to the code (SEPSMS reference, ThaiBulkSMS refno). */
  refno?: string;
  /** ISO 8601, when the provider says (ThaiBulkSMS does not). */
  expiresAt?: string;
}

/**
 * Why a code was not verified, where the provider tells: a wrong code, a code past its
 * lifetime, one already verified, one killed by too many wrong codes, or a reference the
 * provider does not know.
 */
export type OtpFailure = 'wrong' | 'expired' | 'used' | 'locked' | 'unknown_reference';

export interface OtpVerifyResult {
  verified: boolean;
  reason?: OtpFailure;
  /** Wrong codes the provider will still take for this OTP, when it says. */
  attemptsLeft?: number;
  /** The provider's own words, verbatim. */
  message?: string;
}

export interface Provider {
  readonly id: ProviderId;
  readonly displayName: string;
  readonly capabilities: ProviderCapabilities;
  send(request: SendRequest, signal?: AbortSignal): Promise<SendResult>;
  balance(): Promise<BalanceResult>;
  status?(reference: string): Promise<MessageStatus>;
  /** One page; `signal` stops the request (Ctrl-C during an export). */
  recipients?(reference: string, query: RecipientsQuery, signal?: AbortSignal): Promise<RecipientsPage>;
  cancel?(reference: string): Promise<CancelResult>;
  /**
   * Asks the send endpoint to estimate a message without sending it (ME-SMS `dryRun`), so
   * its scope check runs; `dryRun` false means the provider ignored the flag (and `uuid`
   * names what it stored). Throws the send's own errors (403 for a key that may not send).
   */
  dryRunSend?(request: { sender: string; message: string; msisdn: string; scheduledAt: Date }): Promise<{ dryRun: boolean; uuid?: string }>;
  /** The body `send` would post for this request (a dry run shows it); numbers beyond `maxNumbers` are elided. */
  requestBody?(request: SendRequest, maxNumbers?: number): Record<string, unknown>;
  /**
   * What a send would reach and cost, asked of the provider without sending (ME-SMS
   * `dryRun`): the only way to know a contact group's size or a saved template's parts.
   */
  estimateSend?(request: SendRequest): Promise<SendEstimate>;
  /** A 429 is not retried: it comes back at once with retryAfterSeconds, for the user to hear when. */
  otpSend?(request: OtpSendRequest, signal?: AbortSignal): Promise<OtpSendResult>;
  otpVerify?(token: string, pin: string, signal?: AbortSignal): Promise<OtpVerifyResult>;
  /** Parts and credits a message would cost, without sending (ME-SMS). */
  previewCost?(request: PreviewCostRequest): Promise<PreviewCostResult>;
  /** Messages on the account, most recent first (ME-SMS). */
  listMessages?(query: MessageListQuery): Promise<MessageListPage>;
  /** Sender names on the account (ME-SMS); `maxAttempts` 1 when a failure only means "cannot check". */
  senders?(options?: { maxAttempts?: number }): Promise<SenderInfo[]>;
  /** Releases connections the provider's HTTP client holds. Safe to call more than once. */
  close?(): Promise<void>;
}

export interface SendEstimate {
  totalMsisdn: number;
  totalCredit: number;
  parts?: number;
}

export interface PreviewCostRequest {
  content: string;
  /** Canonical 66XXXXXXXXX numbers; or, instead, a contact group. */
  msisdns?: readonly string[];
  /** A contact group on the account (ME-SMS `contactGroupId`). */
  contactGroupId?: number;
}

export interface PreviewCostResult {
  parts: number;
  /** As the provider names it, e.g. GSM7 / UCS2. */
  encoding: string;
  totalMsisdn: number;
  totalCredit: number;
}

export type MessageListStatus = 'sent' | 'failed' | 'pending' | 'scheduled' | 'cancelled';

export interface MessageListQuery {
  page?: number;
  limit?: number;
  status?: MessageListStatus;
  sender?: string;
  /** createdAt window; a Date is sent as ISO 8601, a string verbatim. */
  from?: Date | string;
  to?: Date | string;
  search?: string;
}

export interface MessageListPage {
  messages: MessageStatus[];
  page: number;
  limit: number;
  total: number;
}

export interface SenderInfo {
  name: string;
  status: string;
}
