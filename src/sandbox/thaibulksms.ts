/**
 * ThaiBulkSMS v2 SMS API at /thaibulksms: HTTP Basic key:secret, form-urlencoded or JSON
 * bodies, 201 with the documented send body, `{"error":{code,name,description}}` errors.
 * ThaiBulkSMS publishes no status, recipients or cancel endpoint, so none is emulated.
 */
import { SANDBOX_KEYS } from './keys.js';
import type { SandboxEnv } from './env.js';
import { fail, header, jsonOrFormBody, ok, parseIsoDateTime, quote } from './http.js';
import type { App, Body, Ctx, ErrorShape, Reply } from './http.js';
import { costOf, createMessage } from './messages.js';
import { parseNumbers } from './numbers.js';
import type { BalanceKey } from './state.js';

export const THAIBULKSMS_PREFIX = '/thaibulksms';
export const MAX_MSISDN_PER_REQUEST = 500;
const SENDER_MAX = 11;
/** Unpublished; the same assumption the client makes. */
export const TAG_MAX = 50;
/** Tags already on the sandbox account: another spelling of one of them is ERROR_TAGS_EXIST. */
export const THAIBULKSMS_SEEDED_TAGS = ['promo', 'newsletter'];
/** A sender no account has: ERROR_SENDER_NOT_FOUND (every other name is taken as registered). */
export const UNKNOWN_SENDER = 'UNKNOWN';
/** The number that makes the account act as a trial one: 403 ERROR_USER_TRIAL. */
export const TRIAL_ONLY_NUMBER = '0800000006';

/**
 * Documented names and descriptions. Only ERROR_MESSAGE's numeric code (112) is published;
 * the other 400 codes are numbered around it and other errors use the HTTP status.
 * Clients should map by `name`.
 */
const DEFAULT_SENDER = 'SMS.';

const ERRORS: Record<string, [code: number, description: string]> = {
  ERROR_FORM: [108, 'Form is invalid.'],
  ERROR_FORCE: [109, 'Force is invalid.'],
  ERROR_SENDER: [110, 'Sender is invalid.'],
  ERROR_SENDER_NOT_FOUND: [111, 'Sender not found.'],
  ERROR_MESSAGE: [112, 'The message is invalid.'],
  ERROR_MESSAGE_TOO_LONG: [113, 'The message is too long.'],
  ERROR_MSISDN: [114, 'MSISDN is invalid.'],
  ERROR_MSISDN_EXCEEDED_LIMIT: [115, 'MSISDN exceeded the limit.'],
  ERROR_INSUFFICIENT_CREDIT: [116, 'Insufficient credit.'],
  ERROR_CALLBACK_URL: [117, 'Callback Url is invalid.'],
  ERROR_CALLBACK_METHOD: [118, 'You can choose callback method are GET, POST or PUT method.'],
  ERROR_SCHEDULED_DELIVERY: [119, 'Scheduled delivery must be ISO-8601 (RFC-3339) format'],
  ERROR_SCHEDULED_DELIVERY_TOO_FAR: [120, 'Scheduled delivery must be less than 1 year.'],
  ERROR_SCHEDULED_DELIVERY_TIMEZONE: [121, 'Scheduled delivery must be used Asia/Bangkok timezone (+07:00).'],
  ERROR_TAGS: [122, 'Tags is invalid.'],
  ERROR_TAGS_EXCEEDED_LENGTH: [123, 'Tags exceeded the limit.'],
  ERROR_TAGS_EXIST: [124, 'Tags exist.'],
  ERROR_USER_TRIAL: [403, 'You are a trial member that can use the registered phone number only.'],
  ERROR_AUTHENTICATION_FAILED: [401, 'Authentication failed.'],
  ERROR_NOT_FOUND: [404, 'Not Found.'],
  ERROR_METHOD_NOT_ALLOWED: [405, 'Method Not Allowed.'],
  ERROR_SYSTEM_FAILURE: [500, 'System Failure.'],
};

/** `message` is extra detail; the description is always the documented one. */
const error: ErrorShape = (status, name, message, extra) => {
  const [code, description] = ERRORS[name] ?? [status, message];
  return { error: { code, name, description, ...(message && message !== description ? { detail: message } : {}), ...extra } };
};

const tbsFail = (ctx: Ctx, name: string, detail = '') => fail(ctx, name === 'ERROR_AUTHENTICATION_FAILED' ? 401 : name === 'ERROR_USER_TRIAL' ? 403 : 400, name, detail);
/** A refused value, cut to a short prefix. */
const bad = (v: string): string => quote(v, 64);

/** A text field from a form or JSON body. */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(String).join(',');
  return undefined;
}

function authorized(ctx: Ctx): boolean {
  const m = /^Basic\s+(\S+)$/i.exec(header(ctx, 'authorization') ?? '');
  if (!m?.[1]) return false;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const { apiKey, apiSecret } = SANDBOX_KEYS.thaibulksms;
  return decoded === `${apiKey}:${apiSecret}`;
}

function scheduledDelivery(ctx: Ctx, raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === '') return null;
  const t = parseIsoDateTime(raw);
  if ('error' in t) throw tbsFail(ctx, t.error === 'zone' ? 'ERROR_SCHEDULED_DELIVERY_TIMEZONE' : 'ERROR_SCHEDULED_DELIVERY', bad(raw));
  if (t.offset !== '+07:00') throw tbsFail(ctx, 'ERROR_SCHEDULED_DELIVERY_TIMEZONE', bad(raw));
  const limit = new Date(ctx.now);
  limit.setUTCFullYear(limit.getUTCFullYear() + 1);
  if (t.ms > limit.getTime()) throw tbsFail(ctx, 'ERROR_SCHEDULED_DELIVERY_TOO_FAR', bad(raw));
  return t.ms;
}

function validateOptions(ctx: Ctx, body: Body): { force: 'standard' | 'corporate' | undefined; meta: Record<string, string> } {
  const force = text(body.force)?.trim().toLowerCase() || undefined;
  if (force !== undefined && force !== 'standard' && force !== 'corporate') throw tbsFail(ctx, 'ERROR_FORCE', bad(force));
  const meta: Record<string, string> = {};
  const callbackUrl = text(body.callback_url);
  if (callbackUrl) {
    if (!/^https?:\/\/\S+$/i.test(callbackUrl) || !URL.canParse(callbackUrl)) throw tbsFail(ctx, 'ERROR_CALLBACK_URL', bad(callbackUrl));
    meta.callback_url = callbackUrl;
  }
  const method = text(body.callback_method)?.toUpperCase();
  if (method) {
    if (!['GET', 'POST', 'PUT'].includes(method)) throw tbsFail(ctx, 'ERROR_CALLBACK_METHOD', bad(method));
    meta.callback_method = method;
  }
  const shorten = text(body.shorten_url);
  if (shorten !== undefined && shorten !== '' && shorten !== 'true' && shorten !== 'false') {
    throw tbsFail(ctx, 'ERROR_FORM', 'shorten_url must be "true" or "false"');
  }
  if (shorten) meta.shorten_url = shorten;
  const tag = body.tag;
  if (tag !== undefined && typeof tag !== 'string') throw tbsFail(ctx, 'ERROR_TAGS', 'tag must be a string');
  if (tag) {
    // eslint-disable-next-line no-control-regex
    if (tag.trim() === '' || /[\u0000-\u001f\u007f,]/.test(tag)) throw tbsFail(ctx, 'ERROR_TAGS', 'one tag, without commas or control characters');
    if ([...tag].length > TAG_MAX) throw tbsFail(ctx, 'ERROR_TAGS_EXCEEDED_LENGTH', `at most ${TAG_MAX} characters`);
    const seeded = THAIBULKSMS_SEEDED_TAGS.find((t) => t.toLowerCase() === tag.toLowerCase());
    if (seeded !== undefined && seeded !== tag) throw tbsFail(ctx, 'ERROR_TAGS_EXIST', `the account has the tag "${seeded}"`);
    meta.tag = tag;
  }
  if (force) meta.force = force;
  return { force, meta };
}

function send(env: SandboxEnv, ctx: Ctx): Reply {
  const body = jsonOrFormBody(ctx);
  // The document lists no field as required and offers default senders ("SMS.", "Demo", …):
  // a request without a sender goes out under the account's default.
  const sender = text(body.sender)?.trim() || DEFAULT_SENDER;
  if (sender.length > SENDER_MAX) throw tbsFail(ctx, 'ERROR_SENDER', `sender must be 1 to ${SENDER_MAX} characters`);
  if (sender === UNKNOWN_SENDER) throw tbsFail(ctx, 'ERROR_SENDER_NOT_FOUND', sender);
  const message = text(body.message) ?? '';
  if (message.trim() === '') throw tbsFail(ctx, 'ERROR_MESSAGE', 'message is empty');
  const numbers = (text(body.msisdn) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (numbers.length === 0) throw tbsFail(ctx, 'ERROR_MSISDN', 'msisdn is empty');
  if (numbers.some((n) => n.replace(/^\+?66/, '0') === TRIAL_ONLY_NUMBER)) throw tbsFail(ctx, 'ERROR_USER_TRIAL', TRIAL_ONLY_NUMBER);
  if (numbers.length > MAX_MSISDN_PER_REQUEST) {
    throw tbsFail(ctx, 'ERROR_MSISDN_EXCEEDED_LIMIT', `at most ${MAX_MSISDN_PER_REQUEST} numbers per request (got ${numbers.length})`);
  }
  const { force, meta } = validateOptions(ctx, body);
  const scheduledAt = scheduledDelivery(ctx, text(body.scheduled_delivery));
  const parsed = parseNumbers(numbers, true);
  if (parsed.nsn.length === 0) throw tbsFail(ctx, 'ERROR_MSISDN', 'no valid phone number');
  const creditType = force ?? 'standard';
  const balanceKey: BalanceKey = creditType === 'corporate' ? 'thaibulksms:corporate' : 'thaibulksms';
  const cost = costOf(message, parsed.nsn.length);
  const m = createMessage(
    env.store,
    { provider: 'thaibulksms', sender, content: message, nsn: parsed.nsn, scheduledAt, balanceKey, refPrefix: 'TB', meta },
    { now: ctx.now, deliveryDelayMs: env.deliveryDelayMs },
  );
  if (!m) {
    throw tbsFail(ctx, 'ERROR_INSUFFICIENT_CREDIT', `needs ${cost.totalCredit} ${creditType} credit, ${env.store.balances[balanceKey]} left`);
  }
  const phoneNumbers = Array.from(m.nsn, (n) => ({ number: `66${n}`, message_id: env.store.rng.base62(22), used_credit: m.parts }));
  if (m.meta.callback_url) {
    // Each recipient's callback names the message_id this answer gave it.
    m.meta.message_ids = phoneNumbers.map((p) => p.message_id).join(',');
    env.store.messageChanged(m);
  }
  return ok(
    {
      remaining_credit: env.store.balances[balanceKey],
      total_use_credit: m.totalCredit,
      credit_type: creditType,
      phone_number_list: phoneNumbers,
      bad_phone_number_list: parsed.invalid.map((x) => ({ number: x.value, message: `Invalid phone number: ${x.reason}` })),
    },
    201,
  );
}

export function thaibulksmsApp(env: SandboxEnv): App {
  return {
    name: 'thaibulksms',
    prefix: THAIBULKSMS_PREFIX,
    routes: [
      { method: 'POST', path: '/sms', handle: (ctx) => send(env, ctx) },
      {
        method: 'GET',
        path: '/credit',
        handle: () =>
          ok({ remaining_credit: { standard: env.store.balances.thaibulksms, corporate: env.store.balances['thaibulksms:corporate'] } }),
      },
    ],
    error,
    codes: {
      notFound: 'ERROR_NOT_FOUND',
      methodNotAllowed: 'ERROR_METHOD_NOT_ALLOWED',
      invalidBody: 'ERROR_FORM',
      invalidParam: 'ERROR_FORM',
      tooLarge: 'ERROR_FORM',
      internal: 'ERROR_SYSTEM_FAILURE',
    },
    guard: (ctx) => (authorized(ctx) ? undefined : tbsFail(ctx, 'ERROR_AUTHENTICATION_FAILED').reply),
  };
}
