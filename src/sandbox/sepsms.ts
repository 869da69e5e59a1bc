/**
 * SEPSMS v2 at /sepsms/api/v2: X-API-Key with scopes, `{result}` bodies,
 * `{"success":false,"error":{code,message}}` errors, published rate limits, OTP.
 */
import { partsOf } from './parts.js';
import { SANDBOX_KEYS } from './keys.js';
import type { SandboxEnv } from './env.js';
import { authenticate, authorize, familyRoutes, senderProblem } from './family.js';
import type { FamilyConfig } from './family.js';
import { phaseOf } from './delivery.js';
import { fail, header, iso, jsonBody, ok } from './http.js';
import type { App, Ctx, ErrorShape, Reply, Route } from './http.js';
import { parseNumber } from './numbers.js';
import { MAX_WRONG_ATTEMPTS, createOtp, fillTemplate, verifyOtp } from './otp.js';
import type { VerifyOutcome } from './otp.js';
import type { LimitSpec } from './ratelimit.js';

export const SEPSMS_PREFIX = '/sepsms/api/v2';
export const SEPSMS_DEFAULT_OTP_TEMPLATE = 'Your verification code is {code} (Ref: {ref})';
const REF_LENGTH = 6;
const VERIFY_REASONS: Record<Exclude<VerifyOutcome, 'verified'>, string> = {
  wrong: 'invalid_code',
  expired: 'expired',
  used: 'already_verified',
  locked: 'too_many_attempts',
};

const error: ErrorShape = (_status, code, message, extra) => ({ success: false, error: { code, message, ...extra } });

const config: FamilyConfig = {
  provider: 'sepsms',
  base: '/message',
  refPrefix: 'SP',
  fields: { sender: 'origin', content: 'message', recipients: 'recipients' },
  keys: [SANDBOX_KEYS.sepsms.apiKey, SANDBOX_KEYS.sepsms.readOnlyApiKey],
  scopes: { send: 'sms:send', cancel: 'sms:send', read: 'sms:read', credit: 'credit:read' },
  unauthorized: { code: 'auth.invalid_credentials', message: 'API key is missing or invalid' },
  forbiddenCode: 'auth.insufficient_scope',
  codes: {
    sender: 'validation.failed',
    content: 'validation.failed',
    contentTooLong: 'validation.failed',
    recipients: 'validation.failed',
    msisdn: 'validation.failed',
    tooMany: 'validation.failed',
    schedule: 'validation.failed',
    notFound: 'message.not_found',
    insufficient: 'credit.insufficient',
  },
  error,
  insufficientMessage: (needed, balance) => `Insufficient credit: this request needs ${needed}, the balance is ${balance}`,
  statuses: ['scheduled', 'pending', 'processing', 'completed', 'cancelled'],
  statusOf(m, now) {
    const phase = phaseOf(m, now);
    return phase === 'delivered' ? 'completed' : phase;
  },
  extraView: (m) => ({ refundedCount: m.cancelledAt === null ? 0 : m.nsn.length }),
  recipientTexts,
};

/**
 * `variables` as this project assumes SEPSMS takes them (SEPSMS publishes the field, not its
 * shape): an object keyed by recipient number (any Thai form), each value the placeholder →
 * text pairs that fill `message`'s {{placeholders}} for that recipient. A recipient without
 * an entry, or a placeholder without a value, is a 400: no raw placeholder is ever sent.
 */
function recipientTexts(ctx: Ctx, body: Record<string, unknown>, nsn: Uint32Array, content: string): string[] | undefined {
  const vars = body.variables;
  if (vars === undefined || vars === null) return undefined;
  if (typeof vars !== 'object' || Array.isArray(vars)) throw fail(ctx, 400, 'validation.failed', 'variables must be an object keyed by recipient number');
  const byNsn = new Map<number, Record<string, unknown>>();
  for (const [number, value] of Object.entries(vars as Record<string, unknown>)) {
    const n = parseNumber(number, true);
    if (typeof n !== 'number') throw fail(ctx, 400, 'validation.failed', `variables: ${number} is not a recipient number (${n})`);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail(ctx, 400, 'validation.failed', `variables.${number} must be an object of placeholder values`);
    byNsn.set(n, value as Record<string, unknown>);
  }
  return Array.from(nsn, (n) => {
    const own = byNsn.get(n);
    if (!own) throw fail(ctx, 400, 'validation.failed', `variables has no entry for recipient 0${n}`);
    return content.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (_m, key: string) => {
      const value = own[key];
      if (typeof value !== 'string' && typeof value !== 'number') throw fail(ctx, 400, 'validation.failed', `variables for 0${n} has no value for {{${key}}}`);
      return String(value);
    });
  });
}

function intField(ctx: Ctx, v: unknown, name: string, def: number, min: number, max: number): number {
  if (v === undefined || v === null) return def;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw fail(ctx, 400, 'validation.failed', `${name} must be an integer from ${min} to ${max}`);
  }
  return v;
}

function otpRoutes(env: SandboxEnv): Route[] {
  const { store } = env;
  return [
    {
      method: 'POST',
      path: '/otp/send',
      scope: 'otp:send',
      kind: 'otp',
      handle(ctx) {
        const body = jsonBody(ctx);
        const nsn = parseNumber(body.destination, false);
        if (typeof nsn === 'string') throw fail(ctx, 400, 'validation.failed', `destination is invalid: ${nsn}`);
        const senderIssue = senderProblem('origin', body.origin);
        if (senderIssue) throw fail(ctx, 400, 'validation.failed', senderIssue);
        const template = body.template ?? SEPSMS_DEFAULT_OTP_TEMPLATE;
        if (typeof template !== 'string' || !template.includes('{code}')) {
          throw fail(ctx, 400, 'validation.failed', 'template must be a string containing {code}');
        }
        const ttlSeconds = intField(ctx, body.ttlSeconds, 'ttlSeconds', env.otpTtlMs / 1000, 60, 600);
        const codeLength = intField(ctx, body.codeLength, 'codeLength', 6, 4, 8);
        // Codes and references are GSM-7, so placeholders of the same length cost the same.
        const parts = partsOf(fillTemplate(template, '0'.repeat(codeLength), 'A'.repeat(REF_LENGTH))).parts;
        if (!store.charge('sepsms', parts)) {
          throw fail(ctx, 402, 'credit.insufficient', config.insufficientMessage(parts, store.balances.sepsms));
        }
        const otp = createOtp(
          store,
          { provider: 'sepsms', nsn, sender: body.origin as string, template, codeLength, ttlMs: ttlSeconds * 1000, refLength: REF_LENGTH },
          ctx.now,
        );
        return ok({
          result: { uuid: otp.id, reference: otp.ref, destination: `66${nsn}`, expiresAt: iso(otp.expiresAt), ttlSeconds },
        });
      },
    },
    {
      method: 'POST',
      path: '/otp/verify',
      scope: 'otp:verify',
      handle(ctx) {
        const body = jsonBody(ctx);
        const { reference } = body;
        const pin = typeof body.pin === 'number' ? String(body.pin) : body.pin;
        if (typeof reference !== 'string' || reference === '') throw fail(ctx, 400, 'validation.failed', 'reference is required');
        if (typeof pin !== 'string' || pin === '') throw fail(ctx, 400, 'validation.failed', 'pin is required');
        const otp = store.findOtp('sepsms', reference);
        if (!otp) throw fail(ctx, 404, 'otp.not_found', `No OTP with reference ${reference}`);
        const outcome = verifyOtp(store, otp, pin, ctx.now);
        if (outcome === 'verified') return ok({ result: { reference, verified: true } });
        // SEPSMS publishes only verified:false; the reason and attemptsLeft are assumed (README).
        return ok({
          result: {
            reference,
            verified: false,
            reason: VERIFY_REASONS[outcome],
            ...(outcome === 'wrong' && { attemptsLeft: MAX_WRONG_ATTEMPTS - otp.wrongAttempts }),
          },
        });
      },
    },
  ];
}

export function sepsmsApp(env: SandboxEnv): App {
  const limits = (route: Route | undefined, key: string, ip: string): LimitSpec[] => {
    const l = env.rateLimits;
    const specs: LimitSpec[] = [{ limit: l.sepsmsAllPerMinute, bucket: `all:${key}` }];
    if (route?.kind === 'send') specs.push({ limit: l.sepsmsSendPerMinute, bucket: `send:${key}` });
    if (route?.kind === 'otp') specs.push({ limit: l.sepsmsOtpPerMinutePerIp, bucket: `otp:${ip}` });
    return specs;
  };
  return {
    name: 'sepsms',
    prefix: SEPSMS_PREFIX,
    routes: [...familyRoutes(config, env), ...otpRoutes(env)],
    error,
    codes: {
      notFound: 'route.not_found',
      methodNotAllowed: 'method.not_allowed',
      invalidBody: 'validation.failed',
      invalidParam: 'validation.failed',
      tooLarge: 'request.too_large',
      internal: 'internal.error',
    },
    guard(ctx, route): Reply | undefined {
      const key = authenticate(ctx, config);
      if (typeof key !== 'string') return key;
      const r = env.limiter.take(limits(route, key, ctx.ip), ctx.now);
      ctx.locals.rateRemaining = r.remaining;
      if (!r.allowed) {
        return {
          status: 429,
          body: error(429, 'rate_limit.exceeded', `Rate limit exceeded; retry in ${r.retryAfterSeconds} s`),
          headers: { 'Retry-After': String(r.retryAfterSeconds) },
        };
      }
      return authorize(config, key, route.scope);
    },
    finish(ctx, reply, route) {
      let remaining: number | undefined;
      if ('rateRemaining' in ctx.locals) remaining = ctx.locals.rateRemaining as number | undefined;
      else {
        // Not counted (unknown route, bad key): report what is left without spending a call.
        const key = header(ctx, 'x-api-key')?.trim() ?? '';
        remaining = config.keys.includes(key)
          ? env.limiter.peek(limits(route, key, ctx.ip), ctx.now).remaining
          : env.rateLimits.sepsmsAllPerMinute || undefined;
      }
      if (remaining !== undefined) reply.headers = { ...reply.headers, 'RateLimit-Remaining': String(remaining) };
    },
  };
}
