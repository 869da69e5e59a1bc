/**
 * ME-SMS v2 at /mesms/api/v2: x-api-key (sms:send or * to send), `{result}` bodies,
 * `{"error","code"}` errors, dry runs, cost preview and senders.
 */
import { SANDBOX_KEYS } from './keys.js';
import { phaseOf, SUCCESS } from './delivery.js';
import type { SandboxEnv } from './env.js';
import { authenticate, authorize, familyRoutes, problem } from './family.js';
import type { FamilyConfig } from './family.js';
import { SCREAMING_CODES, fail, jsonBody, ok } from './http.js';
import type { App, Body, Ctx, ErrorShape, Route } from './http.js';
import { costOf } from './messages.js';
import { describeInvalid, parseNumbers } from './numbers.js';

export const MESMS_PREFIX = '/mesms/api/v2';
/** Sender names every sandbox ME-SMS account has. */
export const MESMS_DEFAULT_SENDERS = ['SANDBOX', 'ME-SMS'];
const PREVIEW_MAX_CHARS = 2000;

const error: ErrorShape = (_status, code, message, extra) => ({ error: message, code, ...extra });

/** The sandbox has no saved templates or contact groups. */
function rejectUnknownReferences(ctx: Ctx, body: Body): void {
  if (body.templateId !== undefined && body.templateId !== null) {
    throw fail(ctx, 400, 'TEMPLATE_NOT_FOUND', `Template ${String(body.templateId)} not found (the sandbox has no saved templates; send content)`);
  }
  if (body.contactGroupId !== undefined && body.contactGroupId !== null) {
    throw fail(ctx, 400, 'CONTACT_GROUP_NOT_FOUND', `Contact group ${String(body.contactGroupId)} not found (the sandbox has no contact groups; send msisdns)`);
  }
}

const config: FamilyConfig = {
  provider: 'mesms',
  base: '/sms',
  refPrefix: 'ME',
  fields: { sender: 'sender', content: 'content', recipients: 'msisdns' },
  keys: [SANDBOX_KEYS.mesms.apiKey, SANDBOX_KEYS.mesms.readOnlyApiKey],
  scopes: { send: 'sms:send' },
  unauthorized: { code: 'UNAUTHORIZED', message: 'Missing or invalid API key' },
  forbiddenCode: 'FORBIDDEN',
  codes: {
    sender: 'INVALID_SENDER',
    content: 'INVALID_CONTENT',
    contentTooLong: 'CONTENT_TOO_LONG',
    recipients: 'INVALID_PARAMETER',
    msisdn: 'INVALID_MSISDN',
    tooMany: 'TOO_MANY_MSISDNS',
    schedule: 'INVALID_SCHEDULED_TIME',
    notFound: 'NOT_FOUND',
    insufficient: 'INSUFFICIENT_CREDITS',
  },
  error,
  insufficientMessage: () => 'Insufficient credits',
  statuses: ['sent', 'failed', 'pending', 'scheduled', 'cancelled'],
  statusOf(m, now) {
    const phase = phaseOf(m, now);
    if (phase === 'delivered') return (m.counts[SUCCESS] ?? 0) > 0 ? 'sent' : 'failed';
    return phase === 'processing' ? 'pending' : phase;
  },
  maxContentChars: 1000,
  maxRecipients: 2_000_000,
  dryRun: true,
  precheck: rejectUnknownReferences,
};

function extraRoutes(env: SandboxEnv): Route[] {
  return [
    {
      method: 'POST',
      path: '/sms/preview-cost',
      handle(ctx) {
        const body = jsonBody(ctx);
        rejectUnknownReferences(ctx, body);
        const { content, msisdns } = body;
        if (typeof content !== 'string' || content === '') throw problem(ctx, config, 'content', 'content is required');
        const chars = [...content].length;
        if (chars > PREVIEW_MAX_CHARS) {
          throw problem(ctx, config, 'contentTooLong', `content must be at most ${PREVIEW_MAX_CHARS} characters (got ${chars})`);
        }
        if (!Array.isArray(msisdns)) throw problem(ctx, config, 'recipients', 'msisdns (or contactGroupId) is required');
        const parsed = parseNumbers(msisdns, false);
        if (parsed.invalid.length) throw problem(ctx, config, 'msisdn', `Invalid msisdns: ${describeInvalid(parsed.invalid)}`);
        const cost = costOf(content, parsed.nsn.length);
        return ok({ result: { parts: cost.parts, encoding: cost.encoding, totalMsisdn: parsed.nsn.length, totalCredit: cost.totalCredit } });
      },
    },
    {
      method: 'GET',
      path: '/senders',
      handle() {
        const names = [...new Set([...MESMS_DEFAULT_SENDERS, ...env.store.senders.mesms])];
        return ok({ result: names.map((name) => ({ name, status: 'approved' })) });
      },
    },
  ];
}

export function mesmsApp(env: SandboxEnv): App {
  return {
    name: 'mesms',
    prefix: MESMS_PREFIX,
    routes: [...extraRoutes(env), ...familyRoutes(config, env)],
    error,
    codes: SCREAMING_CODES,
    guard(ctx, route) {
      const key = authenticate(ctx, config);
      return typeof key === 'string' ? authorize(config, key, route.scope) : key;
    },
  };
}
