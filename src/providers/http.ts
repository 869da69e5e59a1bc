/**
 * The one HTTP client every provider adapter uses. It owns transport concerns only:
 * timeouts, retries that are safe, verbose logging with secrets masked, and turning
 * every failure into a SmsctlError. Wire formats stay in the adapters, which hand in
 * a parser for their error body.
 */
import { STATUS_CODES } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { Agent, EnvHttpProxyAgent, request } from 'undici';
import type { Dispatcher } from 'undici';
import { SmsctlError } from '../errors.js';
import type { ErrorKind } from '../errors.js';
import { formatMs } from '../core/duration.js';
import { t } from '../i18n/index.js';
import { maskSecret, redact } from '../core/mask.js';
import type { HttpOptions } from './types.js';

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_RESPONSE_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_ATTEMPTS = 4;
/** Wait before retrying a 429 that carries no Retry-After. */
export const DEFAULT_RETRY_AFTER_MS = 1_000;
/** No single wait between attempts is longer than this. */
export const MAX_RETRY_WAIT_MS = 60_000;
const LOG_BODY_CHARS = 300;

/** What an adapter's error parser extracts from the provider's error body. */
export interface ProviderErrorInfo {
  /** The provider's machine code or name, verbatim. */
  providerCode?: string;
  /** The provider's human message, verbatim. */
  providerMessage?: string;
  /** The body says the credit is insufficient, whatever the HTTP status. */
  insufficientCredit?: boolean;
  /**
   * A documented error the adapter can say in a plain sentence (what went wrong and what to
   * do), and the kind it is (its exit code) when that differs from what the HTTP status says.
   */
  explained?: { sentence: string; kind?: ErrorKind };
}

/**
 * Extracts the provider's error details. `body` is the parsed JSON (undefined when the
 * body is empty or not JSON); `text` is the raw body, for shapes that are not valid JSON.
 */
export type ErrorShapeParser = (body: unknown, text: string) => ProviderErrorInfo;

export interface HttpClientConfig {
  /** Display name used in messages, e.g. "SEPSMS". */
  providerName: string;
  http: HttpOptions;
  /** Every credential of the profile: masked wherever they could appear. */
  secrets: readonly (string | undefined)[];
  parseError: ErrorShapeParser;
  /**
   * Default hint for 401 answers, e.g. "check the profile's API key"; a function is asked when
   * the answer comes, so the hint is in the language of that moment.
   */
  authHint: Hint;
  /** Body fields whose values are masked in verbose logs (default: key, secret). */
  maskBodyFields?: readonly string[];
}

export type QueryValue = string | number | boolean | undefined;

/** A sentence, or what says it when it is needed (a catalogue lookup). */
export type Hint = string | (() => string);
const say = (hint: Hint): string => (typeof hint === 'function' ? hint() : hint);

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Absolute URL (see joinUrl). */
  url: string;
  query?: Record<string, QueryValue>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded; undefined fields are left out. */
  form?: Record<string, string | undefined>;
  /**
   * A body produced in pieces (a 2,000,000-number JSON list is never one string). `chunks`
   * is called once per attempt; `log` is what --verbose shows instead of the body.
   */
  stream?: { contentType: string; chunks: () => Iterable<string>; log: string; /** Bytes, when known without a pass over the chunks. */ length?: number };
  /**
   * Sending this request twice does no harm (a read, a cost preview, an OTP check), so a
   * 5xx, a timeout or a dropped connection may be retried. Default: GET only. Whatever
   * this says, 429, 503 and failures before the request reached the provider are retried.
   */
  repeatable?: boolean;
  /** Most attempts for this request (1: the caller owns retries, as the send executor does). */
  maxAttempts?: number;
  /**
   * false: a 429 is the answer, not a reason to wait and try again (an OTP send limited to
   * 5 a minute would otherwise sit out minutes of Retry-After). Default true.
   */
  retryRateLimited?: boolean;
  /** Extra headers (auth). Never logged. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Overrides the client's 401 hint for this request. */
  authHint?: Hint;
  /** Scope this endpoint needs, named in the 403 hint. */
  scope?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
  text: string;
}

/** Joins a base URL (which may carry a path, with or without a trailing slash) and a path. */
export function joinUrl(baseUrl: string, path: string): string {
  const base = baseUrl.trim().replace(/\/+$/, '');
  const joined = `${base}/${path.replace(/^\/+/, '')}`;
  let parsed: URL;
  try {
    parsed = new URL(joined);
  } catch {
    throw new SmsctlError('usage', t('http.invalid_base_url', { url: JSON.stringify(baseUrl) }), {
      code: 'INVALID_BASE_URL',
    });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new SmsctlError('usage', t('http.invalid_base_url', { url: JSON.stringify(baseUrl) }), {
      code: 'INVALID_BASE_URL',
    });
  }
  return joined;
}

/** Appends the defined query parameters to a URL. */
export function withQuery(url: string, query: Record<string, QueryValue> | undefined): string {
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.append(k, String(v));
  const qs = params.toString();
  if (!qs) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${qs}`;
}

/** Parses a body tolerantly: empty → undefined; otherwise JSON or a thrown SyntaxError. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  return JSON.parse(text) as unknown;
}

/**
 * Retry-After as seconds: delta-seconds or an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const v = raw.trim();
  if (v === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(v)) return Math.ceil(Number(v));
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** A 2xx answer smsctl cannot use. */
export function badResponseError(providerName: string, detail: string, outcomeUnknown: boolean): SmsctlError {
  return new SmsctlError(
    'provider',
    `${t('http.bad_response', { name: providerName, detail })}${outcomeUnknown ? mayHaveBeenProcessed() : ''}`,
    { code: 'PROVIDER_BAD_RESPONSE', outcomeUnknown },
  );
}

/** Said after a failure that may have come after the provider took the request. */
const mayHaveBeenProcessed = (): string => t('http.may_have_been_processed');

export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} kB`;
  return `${(n / 1_000_000).toFixed(1)} MB`;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Network failures that happen before any byte of the request is written. */
const BEFORE_WRITE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TLS_CODES = new Set(['EPROTO', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'HOSTNAME_MISMATCH']);
const TLS_CODE = /^(?:ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_)/;

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown }; errors?: { code?: unknown }[] } | null;
  if (!e || typeof e !== 'object') return undefined;
  for (const c of [e.code, e.cause?.code, e.errors?.[0]?.code]) if (typeof c === 'string') return c;
  return undefined;
}

function describeNetworkCode(code: string | undefined, connectTimeoutMs: number): string {
  switch (code) {
    case 'ECONNREFUSED':
      return t('http.net.refused');
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return t('http.net.dns');
    case 'EAI_AGAIN':
      return t('http.net.dns_again');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'EADDRNOTAVAIL':
      return t('http.net.unreachable');
    case 'UND_ERR_CONNECT_TIMEOUT':
      return t('http.net.connect_timeout', { time: formatMs(connectTimeoutMs) });
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return t('http.net.timed_out');
    case 'UND_ERR_SOCKET':
    case 'ECONNRESET':
    case 'EPIPE':
      return t('http.net.closed');
    default:
      if (code && (TLS_CODE.test(code) || TLS_CODES.has(code))) return t('http.net.tls');
      return t('http.net.error');
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** What EnvHttpProxyAgent is told, all of it from one environment (never from process.env behind it). */
export interface ProxySettings {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
}

/**
 * The proxy settings of an environment, or undefined when it names no proxy. Lower-case
 * variables win over upper-case ones, as in curl and undici; HTTPS_PROXY falls back to
 * HTTP_PROXY for https:// URLs (EnvHttpProxyAgent's rule). Empty values count as unset.
 */
export function proxySettings(env: Readonly<Record<string, string | undefined>>): ProxySettings | undefined {
  const pick = (name: string): string => env[name.toLowerCase()] || env[name] || '';
  const httpProxy = pick('HTTP_PROXY');
  const httpsProxy = pick('HTTPS_PROXY');
  if (!httpProxy && !httpsProxy) return undefined;
  return { httpProxy, httpsProxy, noProxy: pick('NO_PROXY') };
}

interface Attempt {
  response?: { status: number; headers: HttpResponse['headers']; text: string };
  error?: unknown;
}

export class HttpClient {
  readonly providerName: string;
  private readonly http: HttpOptions;
  private readonly secrets: readonly (string | undefined)[];
  private readonly parseError: ErrorShapeParser;
  private readonly authHint: Hint;
  private readonly maskFields: ReadonlySet<string>;
  private agent: Dispatcher | undefined;

  constructor(config: HttpClientConfig) {
    this.providerName = config.providerName;
    this.http = config.http;
    this.secrets = config.secrets;
    this.parseError = config.parseError;
    this.authHint = config.authHint;
    this.maskFields = new Set(config.maskBodyFields ?? ['key', 'secret']);
  }

  private get connectTimeoutMs(): number {
    return this.http.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  }

  private get responseTimeoutMs(): number {
    return this.http.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
  }

  private dispatcher(): Dispatcher {
    if (this.http.dispatcher) return this.http.dispatcher;
    if (!this.agent) {
      const timeout = this.connectTimeoutMs;
      const proxy = this.http.proxyEnv && proxySettings(this.http.proxyEnv);
      // Through a proxy, the timeout bounds the connection to the proxy and the TLS handshake through its tunnel.
      this.agent = proxy
        ? new EnvHttpProxyAgent({ connect: { timeout }, proxyTls: { timeout }, requestTls: { timeout }, ...proxy })
        : new Agent({ connect: { timeout } });
    }
    return this.agent;
  }

  /** Closes the connection pool this client created (an injected dispatcher is left alone). */
  async close(): Promise<void> {
    const agent = this.agent;
    this.agent = undefined;
    if (agent) await agent.close();
  }

  /** Masks every credential in a piece of text. */
  redact(text: string): string {
    return redact(text, this.secrets);
  }

  private log(line: string): void {
    this.http.log?.(this.redact(line));
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const idempotent = req.repeatable ?? req.method === 'GET';
    const maxAttempts = Math.max(1, Math.floor(req.maxAttempts ?? this.http.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
    const sleep = this.http.sleep ?? defaultSleep;
    const url = withQuery(req.url, req.query);
    const { body, contentType, logBody } = this.encodeBody(req);

    for (let attempt = 1; ; attempt++) {
      this.throwIfAborted(req, false);
      const result = await this.attempt(req, url, body, contentType, logBody);

      if (result.response) {
        const res = result.response;
        if (res.status >= 200 && res.status < 300) return this.success(req, res, idempotent);
        const retryAfter = res.status === 429 ? parseRetryAfter(res.headers['retry-after']) : undefined;
        const retryable = (res.status === 429 && req.retryRateLimited !== false) || res.status === 503 || (idempotent && res.status >= 500);
        if (retryable && attempt < maxAttempts) {
          const wait =
            retryAfter !== undefined ? Math.min(retryAfter * 1000, MAX_RETRY_WAIT_MS) : backoff(attempt);
          this.log(t('http.retrying', { wait: formatMs(wait), reason: `HTTP ${res.status}`, attempt: attempt + 1, max: maxAttempts }));
          await abortable(sleep(wait), req.signal);
          continue;
        }
        throw this.statusError(req, res, idempotent, retryAfter, attempt);
      }

      const err = result.error;
      if (req.signal?.aborted) this.throwIfAborted(req, !idempotent, err);
      const code = errorCode(err);
      const beforeWrite = code !== undefined && (BEFORE_WRITE_CODES.has(code) || TLS_CODES.has(code) || TLS_CODE.test(code));
      // A request that never reached the provider can be made again, whatever it is.
      const retryable = beforeWrite || idempotent;
      if (retryable && attempt < maxAttempts) {
        const wait = backoff(attempt);
        this.log(t('http.retrying', { wait: formatMs(wait), reason: code ?? t('http.net.error'), attempt: attempt + 1, max: maxAttempts }));
        await abortable(sleep(wait), req.signal);
        continue;
      }
      throw this.networkError(req, err, code, beforeWrite, idempotent, attempt);
    }
  }

  private encodeBody(req: HttpRequest): { body?: string; contentType?: string; logBody?: string } {
    if (req.stream) return { contentType: req.stream.contentType, logBody: req.stream.log };
    if (req.json !== undefined) {
      const body = JSON.stringify(req.json);
      const masked = isRecord(req.json) ? JSON.stringify(this.maskFieldsOf(req.json)) : body;
      return { body, contentType: 'application/json', logBody: masked };
    }
    if (req.form) {
      const params = new URLSearchParams();
      const shown: string[] = [];
      for (const [k, v] of Object.entries(req.form)) {
        if (v === undefined) continue;
        params.append(k, v);
        // Logged decoded, so Thai text and numbers stay readable.
        shown.push(`${k}=${this.maskFields.has(k) ? maskSecret(v) : v}`);
      }
      return { body: params.toString(), contentType: 'application/x-www-form-urlencoded', logBody: shown.join('&') };
    }
    return {};
  }

  private maskFieldsOf(obj: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      out[k] = this.maskFields.has(k) && typeof v === 'string' ? maskSecret(v) : v;
    }
    return out;
  }

  private logBody(text: string): void {
    if (!this.http.log || text.trim() === '') return;
    let shown = text;
    try {
      const parsed = JSON.parse(text) as unknown;
      if (isRecord(parsed)) shown = JSON.stringify(this.maskFieldsOf(parsed));
    } catch {
      // not JSON: show as is
    }
    this.log(`  ${truncate(oneLine(this.redact(shown)), LOG_BODY_CHARS)}`);
  }

  private async attempt(
    req: HttpRequest,
    url: string,
    body: string | undefined,
    contentType: string | undefined,
    logBody: string | undefined,
  ): Promise<Attempt> {
    const headers: Record<string, string> = {
      'user-agent': this.http.userAgent,
      accept: 'application/json',
      ...lowerKeys(req.headers ?? {}),
    };
    if (contentType) headers['content-type'] = contentType;
    let payload: string | Readable | undefined = body;
    let size = body === undefined ? undefined : Buffer.byteLength(body);
    if (req.stream) {
      size = req.stream.length;
      if (size === undefined) {
        size = 0;
        for (const chunk of req.stream.chunks()) size += Buffer.byteLength(chunk);
      }
      headers['content-length'] = String(size);
      payload = Readable.from(req.stream.chunks(), { objectMode: false });
    }

    if (this.http.log) {
      this.log(`→ ${req.method} ${url}${size !== undefined ? ` (${formatBytes(size)})` : ''}`);
      if (logBody !== undefined) this.log(`  ${truncate(oneLine(this.redact(logBody)), LOG_BODY_CHARS)}`);
    }
    const started = performance.now();
    try {
      const res = await request(url, {
        method: req.method,
        headers,
        body: payload,
        dispatcher: this.dispatcher(),
        headersTimeout: this.responseTimeoutMs,
        bodyTimeout: this.responseTimeoutMs,
        signal: req.signal,
      });
      const text = await res.body.text();
      if (this.http.log) {
        const ms = Math.round(performance.now() - started);
        const reason = STATUS_CODES[res.statusCode] ?? '';
        this.log(`← ${res.statusCode}${reason ? ` ${reason}` : ''} in ${ms} ms (${formatBytes(Buffer.byteLength(text))})`);
        this.logBody(text);
      }
      return { response: { status: res.statusCode, headers: res.headers, text } };
    } catch (error) {
      if (this.http.log) {
        const ms = Math.round(performance.now() - started);
        this.log(`← ${errorCode(error) ?? 'error'} after ${ms} ms: ${oneLine(String((error as Error)?.message ?? error))}`);
      }
      return { error };
    }
  }

  private success(req: HttpRequest, res: NonNullable<Attempt['response']>, idempotent: boolean): HttpResponse {
    let parsed: unknown;
    try {
      parsed = parseJsonBody(res.text);
    } catch {
      const snippet = truncate(oneLine(res.text), 120);
      throw badResponseError(
        this.providerName,
        this.redact(t('http.not_json', { status: res.status, body: JSON.stringify(snippet), method: req.method, path: pathOf(req.url) })),
        !idempotent,
      );
    }
    return { status: res.status, headers: res.headers, body: parsed, text: res.text };
  }

  private errorInfo(text: string): ProviderErrorInfo {
    let body: unknown;
    try {
      body = parseJsonBody(text);
    } catch {
      body = undefined;
    }
    let info: ProviderErrorInfo = {};
    try {
      info = this.parseError(body, text);
    } catch {
      info = {};
    }
    if (info.providerMessage === undefined && body === undefined) {
      const plain = oneLine(text);
      // A plain-text error (proxy, gateway) is still the provider's own words; an HTML page is not.
      if (plain !== '' && !plain.startsWith('<')) info = { ...info, providerMessage: truncate(plain, 200) };
    }
    return {
      ...info,
      providerCode: info.providerCode === undefined ? undefined : this.redact(info.providerCode),
      providerMessage: info.providerMessage === undefined ? undefined : this.redact(info.providerMessage),
    };
  }

  private statusError(
    req: HttpRequest,
    res: NonNullable<Attempt['response']>,
    idempotent: boolean,
    retryAfter: number | undefined,
    attempts: number,
  ): SmsctlError {
    const status = res.status;
    const info = this.errorInfo(res.text);
    const name = this.providerName;
    const tag = `HTTP ${status}${info.providerCode ? ` ${info.providerCode}` : ''}`;
    const quoted = info.providerMessage !== undefined ? `: ${JSON.stringify(info.providerMessage)}` : '';
    // Keys from the environment have no saved profile to test: point at the variables instead.
    // i18n-ignore: a command, as typed
    const check = this.http.profileName ? `smsctl profile test ${this.http.profileName}` : t('http.check_env');
    const said = { name, tag, quoted };

    let kind: ErrorKind;
    let code: string;
    let message: string;
    let outcomeUnknown = false;
    if (status === 401) {
      kind = 'auth';
      code = 'PROVIDER_AUTH_FAILED';
      message = t('http.auth_failed', { ...said, hint: say(req.authHint ?? this.authHint), check });
    } else if (status === 403) {
      kind = 'auth';
      code = 'PROVIDER_FORBIDDEN';
      message = req.scope ? t('http.forbidden_scope', { ...said, scope: req.scope, check }) : t('http.forbidden', { ...said, check });
    } else if (status === 402 || info.insufficientCredit) {
      kind = 'credit';
      code = 'PROVIDER_INSUFFICIENT_CREDIT';
      message = t('http.insufficient_credit', said);
    } else if (status === 429) {
      kind = 'rate_limited';
      code = 'PROVIDER_RATE_LIMITED';
      const wait = retryAfter !== undefined ? t('http.try_again_in', { seconds: retryAfter }) : t('http.try_again_later');
      const advice = attempts > 1 ? t('http.gave_up_then', { attempts, next: wait }) : wait;
      message = t('http.rate_limited', { ...said, advice });
    } else if (status === 400 || status === 405 || status === 409 || status === 422) {
      kind = 'invalid';
      code = 'PROVIDER_REJECTED';
      message = t('http.rejected', said);
    } else if (status === 404) {
      kind = 'invalid';
      code = 'PROVIDER_NOT_FOUND';
      const hint = info.providerMessage === undefined && info.providerCode === undefined
        ? t('http.not_found_hint', { method: req.method, url: req.url })
        : '';
      message = `${t('http.not_found', said)}${hint}`;
    } else {
      kind = 'provider';
      code = 'PROVIDER_UNAVAILABLE';
      // 503 says "not now": the provider did not take the request. 500, 502, 504 may come after it did.
      outcomeUnknown = !idempotent && status !== 503;
      const head = status >= 500 ? t('http.unavailable', said) : t('http.unexpected_status', said);
      const tries = attempts > 1 ? t('http.gave_up_after', { attempts }) : '';
      message = `${head}${tries}${outcomeUnknown ? mayHaveBeenProcessed() : ''}`;
    }
    if (info.explained && status !== 429 && status < 500) {
      kind = info.explained.kind ?? kind;
      message = t('http.explained', { ...said, sentence: info.explained.sentence });
    }
    return new SmsctlError(kind, this.redact(message), {
      code,
      status,
      retryable: status === 429 || status === 503,
      providerCode: info.providerCode,
      providerMessage: info.providerMessage,
      retryAfterSeconds: retryAfter,
      outcomeUnknown,
    });
  }

  private networkError(
    req: HttpRequest,
    err: unknown,
    code: string | undefined,
    beforeWrite: boolean,
    idempotent: boolean,
    attempts: number,
  ): SmsctlError {
    const name = this.providerName;
    const host = hostOf(req.url);
    const what = describeNetworkCode(code, this.connectTimeoutMs);
    const tries = attempts > 1 ? t('http.after_attempts', { attempts }) : '';
    const failure = code ?? t('http.net.error_code');
    if (beforeWrite) {
      return new SmsctlError(
        'provider',
        this.redact(t('http.unreachable', { name, host, tries, code: failure, what })),
        { code: 'NETWORK_UNREACHABLE', outcomeUnknown: false, retryable: true, cause: err },
      );
    }
    const timedOut = code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
    const outcomeUnknown = !idempotent;
    const head = timedOut
      ? t('http.no_answer', { name, time: formatMs(this.responseTimeoutMs) })
      : t('http.connection_failed', { name, code: failure, what });
    return new SmsctlError(
      'provider',
      this.redact(`${head} (${req.method} ${host}${pathOf(req.url)})${tries}${outcomeUnknown ? mayHaveBeenProcessed() : ''}`),
      { code: 'NETWORK_TIMEOUT', outcomeUnknown, cause: err },
    );
  }

  private throwIfAborted(req: HttpRequest, outcomeUnknown: boolean, cause?: unknown): void {
    if (!req.signal?.aborted) return;
    throw new SmsctlError(
      'interrupted',
      `${t('http.interrupted', { name: this.providerName })}${outcomeUnknown ? mayHaveBeenProcessed() : ''}`,
      { code: 'INTERRUPTED', outcomeUnknown, cause },
    );
  }
}

/** Resolves when the promise settles or the signal aborts, whichever comes first. */
async function abortable(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  if (signal.aborted) return;
  let onAbort: (() => void) | undefined;
  try {
    const aborted = new Promise<void>((resolve) => {
      onAbort = () => resolve();
      signal.addEventListener('abort', onAbort, { once: true });
    });
    await Promise.race([promise, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Exponential backoff with full jitter (a random wait up to 0.5 s, 1 s, 2 s, …, capped), so
 * clients that failed together do not come back together.
 */
export function backoff(attempt: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(500 * 2 ** (attempt - 1), MAX_RETRY_WAIT_MS));
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
