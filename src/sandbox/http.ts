/**
 * Shared plumbing for the emulated APIs: replies, per-provider error shapes, route
 * matching, body and query parsing. Provider modules only describe their routes.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { JsonScanError, LazyList, scanObject } from './json-scan.js';
import type { ProviderId } from './types.js';

export { LazyList };

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Writes the response itself instead of a JSON body: the web inbox's files, its event stream. */
  write?: (res: ServerResponse, req: IncomingMessage) => void;
}

export const ok = (body: unknown, status = 200): Reply => ({ status, body });

/** Renders an error body in one provider's shape. */
export type ErrorShape = (status: number, code: string, message: string, extra?: Record<string, unknown>) => unknown;

/** Thrown by handlers and helpers; the server sends its reply. */
export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

/** Error codes for failures detected by the shared plumbing, per provider. */
export interface CommonCodes {
  notFound: string;
  methodNotAllowed: string;
  invalidBody: string;
  invalidParam: string;
  tooLarge: string;
  internal: string;
}

/** The SCREAMING_SNAKE codes ME-SMS uses, shared by the sandbox's own endpoints. */
export const SCREAMING_CODES: CommonCodes = {
  notFound: 'NOT_FOUND',
  methodNotAllowed: 'METHOD_NOT_ALLOWED',
  invalidBody: 'INVALID_JSON',
  invalidParam: 'INVALID_PARAMETER',
  tooLarge: 'PAYLOAD_TOO_LARGE',
  internal: 'INTERNAL_ERROR',
};

export interface Ctx {
  app: App;
  method: string;
  /** Path below the app's prefix, e.g. /message/abc/recipients. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body's bytes, held once; `rawBody` decodes them on first use. */
  body: Buffer;
  rawBody: string;
  ip: string;
  now: number;
  /** http://host:port as the client addressed the server. */
  origin: string;
  /** Per-request values shared between an app's guard, handler and finish hooks. */
  locals: Record<string, unknown>;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** Scope (SEPSMS) or permission (ME-SMS) the API key needs. */
  scope?: string;
  /** Rate-limit class (SEPSMS). */
  kind?: 'send' | 'otp';
  handle(ctx: Ctx): Reply | Promise<Reply>;
}

export interface App {
  name: ProviderId | 'sandbox';
  prefix: string;
  routes: Route[];
  error: ErrorShape;
  codes: CommonCodes;
  /** Runs before the handler (auth, rate limits); a reply stops the request. */
  guard?(ctx: Ctx, route: Route): Reply | undefined;
  /** Runs on every reply of this app, e.g. to add headers. */
  finish?(ctx: Ctx, reply: Reply, route: Route | undefined): void;
}

/** Longest error message sent: handlers quote short prefixes of bad input, this catches any that does not. */
const MESSAGE_MAX = 400;

export function errorReply(app: App, status: number, code: string, message: string, extra?: Record<string, unknown>): Reply {
  const text = message.length > MESSAGE_MAX ? `${message.slice(0, MESSAGE_MAX)}…` : message;
  return { status, body: app.error(status, code, text, extra) };
}

export function fail(ctx: Ctx, status: number, code: string, message: string, extra?: Record<string, unknown>): ReplyError {
  return new ReplyError(errorReply(ctx.app, status, code, message, extra));
}

export type Match = { route: Route; params: Record<string, string> } | { allow: string[] } | undefined;

/**
 * Finds the route for a path; `{allow}` when the path exists under other methods (405).
 * Literal segments beat parameters, so /sms/preview-cost is never read as /sms/:uuid.
 */
export function matchRoute(routes: readonly Route[], method: string, path: string): Match {
  const parts = path.split('/').filter(Boolean);
  let best: { route: Route; params: Record<string, string>; literals: number }[] = [];
  for (const route of routes) {
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    const hit = pattern.every((seg, i) => {
      const actual = parts[i] ?? '';
      if (seg.startsWith(':')) {
        try {
          params[seg.slice(1)] = decodeURIComponent(actual);
        } catch {
          params[seg.slice(1)] = actual;
        }
        return true;
      }
      literals++;
      return seg === actual;
    });
    if (!hit) continue;
    if (best.length && literals < (best[0]?.literals ?? 0)) continue;
    if (best.length && literals > (best[0]?.literals ?? 0)) best = [];
    best.push({ route, params, literals });
  }
  if (!best.length) return undefined;
  const found = best.find((b) => b.route.method === method);
  return found ? { route: found.route, params: found.params } : { allow: best.map((b) => b.route.method) };
}

export type Body = Record<string, unknown>;

/**
 * The JSON object body (an empty body is `{}`). Top-level arrays named in `lazyKeys` come back
 * as LazyLists, read straight from the body's bytes (see json-scan.ts).
 */
export function jsonBody(ctx: Ctx, lazyKeys?: readonly string[]): Body {
  if (lazyKeys && ctx.body.length > 0) {
    try {
      return scanObject(ctx.body, lazyKeys);
    } catch (e) {
      if (!(e instanceof JsonScanError)) throw e;
      // Not an object: the plain parse below words the refusal (small bodies only).
      if (ctx.body.length > SMALL_BODY) throw fail(ctx, 400, ctx.app.codes.invalidBody, 'Request body must be a valid JSON object');
    }
  }
  if (ctx.rawBody.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(ctx.rawBody);
  } catch {
    throw fail(ctx, 400, ctx.app.codes.invalidBody, 'Request body must be valid JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw fail(ctx, 400, ctx.app.codes.invalidBody, 'Request body must be a JSON object');
  }
  return v as Body;
}

const SMALL_BODY = 1 << 20;

/** A list field: a JSON array or a LazyList of one. */
export const isList = (v: unknown): v is readonly unknown[] | LazyList => Array.isArray(v) || v instanceof LazyList;

/** At most `max` characters of user input, for error messages: a bad 10 MB value is not sent back. */
export function quote(value: unknown, max = 32): string {
  const s = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  if (s.length <= max) return s;
  let cut = s.slice(0, max);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1); // never half an emoji
  return `${cut}… (${s.length} characters)`;
}

/** JSON when the content type says so or the body looks like it, form-urlencoded otherwise. */
export function jsonOrFormBody(ctx: Ctx): Body {
  const type = String(ctx.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('json') || (!type.includes('form') && ctx.rawBody.trimStart().startsWith('{'))) return jsonBody(ctx);
  const out: Body = {};
  for (const [k, v] of new URLSearchParams(ctx.rawBody)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : `${String(prev)},${v}`;
  }
  return out;
}

export interface IntOptions {
  def: number;
  min: number;
  max: number;
}

/** An integer query parameter within bounds, or 400 naming it. */
export function intQuery(ctx: Ctx, name: string, o: IntOptions): number {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return o.def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < o.min || n > o.max) {
    throw fail(ctx, 400, ctx.app.codes.invalidParam, `${name} must be an integer from ${o.min} to ${o.max}`);
  }
  return n;
}

/** An optional enum query parameter, or 400 listing the allowed values. */
export function enumQuery<T extends string>(ctx: Ctx, name: string, allowed: readonly T[]): T | undefined {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw fail(ctx, 400, ctx.app.codes.invalidParam, `${name} must be one of ${allowed.join(', ')}`);
  }
  return raw as T;
}

/** An optional ISO 8601 query parameter as epoch ms, or 400. */
export function timeQuery(ctx: Ctx, name: string): number | undefined {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return undefined;
  const t = Date.parse(raw);
  if (!ISO_DATE.test(raw) || Number.isNaN(t)) throw fail(ctx, 400, ctx.app.codes.invalidParam, `${name} must be an ISO 8601 time`);
  return t;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const ISO_TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

export type IsoParse = { ms: number; offset: string } | { error: 'format' | 'zone' };

/** ISO 8601 date-time; `zone` when it parses but has no explicit offset. */
export function parseIsoDateTime(raw: unknown): IsoParse {
  if (typeof raw !== 'string') return { error: 'format' };
  const m = ISO_TIME_WITH_ZONE.exec(raw.trim());
  if (!m) {
    return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(raw.trim()) ? { error: 'zone' } : { error: 'format' };
  }
  const ms = Date.parse(raw.trim());
  if (Number.isNaN(ms)) return { error: 'format' };
  return { ms, offset: (m[1] ?? '').toUpperCase() };
}

export const iso = (ms: number): string => new Date(ms).toISOString();

export function header(ctx: Ctx, name: string): string | undefined {
  const v = ctx.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
