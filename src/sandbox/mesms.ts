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
import { findGroup } from './groups.js';
import { MESMS_TEMPLATES, fillTemplate, findTemplate } from './templates.js';
import { describeInvalid, parseNumbers } from './numbers.js';

export const MESMS_PREFIX = '/mesms/api/v2';
/**
 * Sender names every sandbox ME-SMS account has, with their status. SMSCTL is the sender
 * `profile add --sandbox` gives a profile; PENDING and REJECTED are there to be refused
 * (a real account has names waiting for, or refused, document verification).
 */
export const MESMS_SEEDED_SENDERS: readonly { name: string; status: 'approved' | 'pending' | 'rejected' }[] = [
  { name: 'SANDBOX', status: 'approved' },
  { name: 'ME-SMS', status: 'approved' },
  { name: 'SMSCTL', status: 'approved' },
  { name: 'SHOP', status: 'approved' },
  { name: 'PENDING', status: 'pending' },
  { name: 'REJECTED', status: 'rejected' },
];
const PREVIEW_MAX_CHARS = 2000;

const error: ErrorShape = (_status, code, message, extra) => ({ error: message, code, ...extra });

/** Templates and contact groups are the seeded ones (templates.ts, groups.ts). */
function rejectUnknownReferences(ctx: Ctx, body: Body): void {
  templateText(ctx, body);
  groupOf(ctx, body);
}

/** The text of the body's `templateId` filled with its `variables`; a template and content together are refused. */
function templateText(ctx: Ctx, body: Body): string | undefined {
  if (body.templateId === undefined || body.templateId === null) return undefined;
  const template = findTemplate(body.templateId);
  if (!template) {
    throw fail(ctx, 400, 'TEMPLATE_NOT_FOUND', `Template ${String(body.templateId)} not found (the sandbox's templates are ${MESMS_TEMPLATES.map((t) => t.id).join(', ')})`);
  }
  if (body.content !== undefined && body.content !== null) throw fail(ctx, 400, 'INVALID_PARAMETER', 'give content or templateId, not both');
  const vars = body.variables ?? {};
  if (typeof vars !== 'object' || Array.isArray(vars)) throw fail(ctx, 400, 'INVALID_PARAMETER', 'variables must be an object of key/value pairs');
  const { text, missing } = fillTemplate(template, vars as Record<string, unknown>);
  if (missing.length) throw fail(ctx, 400, 'TEMPLATE_VARIABLE_MISSING', `Template ${template.id} needs variables: ${missing.join(', ')}`);
  return text;
}

/** The numbers of the body's `contactGroupId`, when it names one; a group and msisdns together are refused. */
function groupOf(ctx: Ctx, body: Body): Uint32Array | undefined {
  if (body.contactGroupId === undefined || body.contactGroupId === null) return undefined;
  const group = findGroup(body.contactGroupId);
  if (!group) {
    throw fail(ctx, 400, 'CONTACT_GROUP_NOT_FOUND', `Contact group ${String(body.contactGroupId)} not found (the sandbox's groups are 1, 2 and 10)`);
  }
  if (body.msisdns !== undefined && body.msisdns !== null) throw fail(ctx, 400, 'INVALID_PARAMETER', 'give msisdns or contactGroupId, not both');
  return group.nsn;
}

/** A sender the account lists as not approved cannot send, not even a dry run. */
function rejectUnapprovedSender(ctx: Ctx, body: Body): void {
  const seeded = MESMS_SEEDED_SENDERS.find((s) => s.name === body.sender);
  if (seeded && seeded.status !== 'approved') {
    throw fail(ctx, 400, 'INVALID_SENDER', `Sender ${seeded.name} is not approved (status: ${seeded.status})`);
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
  precheck(ctx, body) {
    rejectUnknownReferences(ctx, body);
    rejectUnapprovedSender(ctx, body);
  },
  groupRecipients: groupOf,
  contentOf: templateText,
};

function extraRoutes(env: SandboxEnv): Route[] {
  return [
    {
      method: 'POST',
      path: '/sms/preview-cost',
      handle(ctx) {
        const body = jsonBody(ctx);
        rejectUnknownReferences(ctx, body);
        const { msisdns } = body;
        const content = templateText(ctx, body) ?? body.content;
        if (typeof content !== 'string' || content === '') throw problem(ctx, config, 'content', 'content is required');
        const chars = [...content].length;
        if (chars > PREVIEW_MAX_CHARS) {
          throw problem(ctx, config, 'contentTooLong', `content must be at most ${PREVIEW_MAX_CHARS} characters (got ${chars})`);
        }
        let count = groupOf(ctx, body)?.length;
        if (count === undefined) {
          if (!Array.isArray(msisdns)) throw problem(ctx, config, 'recipients', 'msisdns (or contactGroupId) is required');
          const parsed = parseNumbers(msisdns, false);
          if (parsed.invalid.length) throw problem(ctx, config, 'msisdn', `Invalid msisdns: ${describeInvalid(parsed.invalid)}`);
          count = parsed.nsn.length;
        }
        const cost = costOf(content, count);
        return ok({ result: { parts: cost.parts, encoding: cost.encoding, totalMsisdn: count, totalCredit: cost.totalCredit } });
      },
    },
    {
      method: 'GET',
      path: '/senders',
      handle() {
        // A name first used in a raw send is approved on the spot: the sandbox has no Senders page.
        const used = env.store.senders.mesms.filter((name) => !MESMS_SEEDED_SENDERS.some((s) => s.name === name));
        return ok({ result: [...MESMS_SEEDED_SENDERS.map((s) => ({ ...s })), ...used.map((name) => ({ name, status: 'approved' }))] });
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
