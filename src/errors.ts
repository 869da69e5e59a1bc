/**
 * One error model for the whole tool. Every failure a user can see is a SmsctlError
 * with a kind (which decides the exit code) and a stable machine code (which scripts
 * may match on). Only the entry point turns a kind into a process exit.
 */
import { t } from './i18n/index.js';

export type ErrorKind =
  | 'internal'
  | 'usage'
  | 'invalid'
  | 'auth'
  | 'credit'
  | 'rate_limited'
  | 'provider'
  | 'partial'
  | 'otp_not_verified'
  | 'timeout'
  | 'interrupted'
  | 'terminated'
  | 'hangup';

export const EXIT_CODES: Readonly<Record<ErrorKind, number>> = {
  internal: 1,
  usage: 2,
  invalid: 3,
  auth: 4,
  credit: 5,
  rate_limited: 6,
  provider: 7,
  partial: 8,
  timeout: 9,
  otp_not_verified: 10,
  interrupted: 130,
  terminated: 143,
  hangup: 129,
};

/** What each exit code means, for --help and the README: generated from this one table (the catalogue's `exit.*`). */
export function exitCodeMeaning(kind: ErrorKind): string {
  return t(`exit.${kind}`);
}

/** The exit-code table as help text, in code order. */
export function exitCodeHelp(): string {
  const rows = (Object.keys(EXIT_CODES) as ErrorKind[]).map((k) => [EXIT_CODES[k], exitCodeMeaning(k)] as const).sort((a, b) => a[0] - b[0]);
  return [t('exit.title'), ...[[0, t('exit.done')] as const, ...rows].map(([code, meaning]) => `  ${String(code).padStart(3)}  ${meaning}`)].join('\n');
}

export interface SmsctlErrorOptions {
  /** Stable, SCREAMING_SNAKE machine code, e.g. PROVIDER_AUTH_FAILED. */
  code?: string;
  /** HTTP status of the provider response, when there was one. */
  status?: number;
  /** The provider's own error code or name, quoted verbatim. */
  providerCode?: string;
  /** The provider's own human message, quoted verbatim. */
  providerMessage?: string;
  /** Seconds the provider asked us to wait (429 Retry-After). */
  retryAfterSeconds?: number;
  /**
   * For failures of a request that was (or may have been) transmitted:
   * true when the provider may have accepted it, so it must not be retried blindly.
   */
  outcomeUnknown?: boolean;
  /**
   * The provider certainly took nothing and the same request may be made again as it is:
   * 429, 503, or a failure before the request reached the provider.
   */
  retryable?: boolean;
  cause?: unknown;
  /** Printed as it is, without "smsctl: error:" (a plain "Nothing sent." after answering no). */
  plain?: boolean;
}

export class SmsctlError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly status?: number;
  readonly providerCode?: string;
  readonly providerMessage?: string;
  readonly retryAfterSeconds?: number;
  readonly outcomeUnknown: boolean;
  readonly retryable: boolean;
  readonly plain: boolean;

  constructor(kind: ErrorKind, message: string, options: SmsctlErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SmsctlError';
    this.kind = kind;
    this.code = options.code ?? defaultCode(kind);
    this.status = options.status;
    this.providerCode = options.providerCode;
    this.providerMessage = options.providerMessage;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
    this.retryable = options.retryable ?? false;
    this.plain = options.plain ?? false;
  }

  get exitCode(): number {
    return EXIT_CODES[this.kind];
  }

  toJSON(): Record<string, unknown> {
    return {
      kind: this.kind,
      code: this.code,
      message: this.message,
      ...(this.status !== undefined && { status: this.status }),
      ...(this.providerCode !== undefined && { providerCode: this.providerCode }),
      ...(this.providerMessage !== undefined && { providerMessage: this.providerMessage }),
    };
  }
}

function defaultCode(kind: ErrorKind): string {
  return kind.toUpperCase();
}

export const usageError = (message: string, code = 'USAGE'): SmsctlError =>
  new SmsctlError('usage', message, { code });

export const invalidInput = (message: string, code = 'INVALID_INPUT'): SmsctlError =>
  new SmsctlError('invalid', message, { code });

export function isSmsctlError(value: unknown): value is SmsctlError {
  return value instanceof SmsctlError;
}
